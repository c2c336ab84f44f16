import { describe, expect, it } from "vitest";
import { seal, sealingKey, unseal } from "@/lib/server/security/sealing.ts";

const key = sealingKey("a-test-key-of-at-least-32-characters!!");

describe("sealing secrets at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const secret = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----\n";
    const sealed = seal(secret, "tls-secret:web", key);
    expect(sealed).toMatch(/^sb1\./);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(unseal(sealed, "tls-secret:web", key)).toBe(secret);
    // A fresh IV each time: the same secret seals differently.
    expect(seal(secret, "tls-secret:web", key)).not.toBe(sealed);
  });

  it("detects tampering, another key and another context", () => {
    const sealed = seal("top secret", "ca-root", key);
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0]! ^= 1;
    const flipped = [...parts.slice(0, 3), ct.toString("base64url")].join(".");
    expect(() => unseal(flipped, "ca-root", key)).toThrow(/Cannot open the sealed ca-root/);
    const shortTag = [parts[0], parts[1], parts[2]!.slice(0, 8), parts[3]].join(".");
    expect(() => unseal(shortTag, "ca-root", key)).toThrow(/Cannot open/);
    expect(() => unseal(sealed, "ca-root", sealingKey("another-key-of-at-least-32-characters!"))).toThrow(
      /Cannot open/,
    );
    expect(() => unseal(sealed, "tls-secret:ca-root", key)).toThrow(/Cannot open/);
    expect(() => unseal("garbage", "ca-root", key)).toThrow(/Cannot open/);
  });
});
