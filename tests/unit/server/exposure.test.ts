import { describe, expect, it } from "vitest";
import { isLoopbackHost, listensOnLoopbackOnly } from "@/lib/server/exposure.ts";

describe("listensOnLoopbackOnly", () => {
  it("counts an unset bind host as exposed", () => {
    expect(listensOnLoopbackOnly(undefined)).toBe(false);
  });

  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])("%s is loopback", (h) => {
    expect(isLoopbackHost(h)).toBe(true);
    expect(listensOnLoopbackOnly(h)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "128.0.0.1", "localhost.example.com"])(
    "%s is not loopback",
    (h) => {
      expect(isLoopbackHost(h)).toBe(false);
    },
  );
});
