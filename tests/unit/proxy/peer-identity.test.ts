import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { peerSpiffeId, spiffeIdOf } from "../../../proxy/identity/peer-identity.ts";

describe("peer identity (source.principal)", () => {
  it("takes the first spiffe:// URI SAN of node's subjectaltname", () => {
    expect(spiffeIdOf("DNS:reviews, URI:spiffe://cluster.local/ns/default/sa/web, URI:spiffe://x/y")).toBe(
      "spiffe://cluster.local/ns/default/sa/web",
    );
    expect(spiffeIdOf("DNS:reviews, URI:https://example.com")).toBeNull();
    expect(spiffeIdOf(undefined)).toBeNull();
  });
  it("a plaintext socket has no identity", () => {
    expect(peerSpiffeId(new Socket())).toBeNull();
  });
  it("an unverified TLS peer has none either, even with a SPIFFE certificate", () => {
    const fake = Object.assign(new Socket(), {
      encrypted: true,
      authorized: false,
      getPeerCertificate: () => ({ subjectaltname: "URI:spiffe://td/ns/default/sa/web" }),
    });
    expect(peerSpiffeId(fake)).toBeNull();
    const verified = Object.assign(new Socket(), {
      encrypted: true,
      authorized: true,
      getPeerCertificate: () => ({ subjectaltname: "URI:spiffe://td/ns/default/sa/web" }),
    });
    expect(peerSpiffeId(verified)).toBe("spiffe://td/ns/default/sa/web");
  });
});
