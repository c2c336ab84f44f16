import { describe, expect, it } from "vitest";
import { refusedCheckAddress } from "@/lib/core/index.ts";

describe("addresses the console's health checks may reach", () => {
  it.each([
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["[fe80::1]", "link-local"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["::ffff:100.100.100.200", "metadata"],
    // How URL parsing prints http://[::ffff:169.254.169.254]/, and other spellings of the same addresses.
    ["[::ffff:a9fe:a9fe]", "link-local"],
    ["0:0:0:0:0:ffff:a9fe:a9fe", "link-local"],
    ["::FFFF:169.254.169.254", "link-local"],
    ["fd00:ec2:0:0:0:0:0:254", "metadata"],
    ["fd00:0ec2::0254", "metadata"],
    ["febf:ffff::1", "link-local"],
  ])("refuses %s (%s)", (address, why) => {
    expect(refusedCheckAddress(address)).toContain(why);
  });

  it.each(["127.0.0.1", "::1", "10.0.0.5", "192.168.1.10", "169.255.0.1", "fec0::1", "2001:db8::1", "::ffff:7f00:1"])(
    "allows %s",
    (address) => {
      expect(refusedCheckAddress(address)).toBeNull();
    },
  );
});
