import { describe, expect, it } from "vitest";
import { capRole, mayDelegate, RoleSchema } from "@/lib/core/api/index.ts";
import { hasSessionCookie, sessionCookie, sessionToken } from "@/lib/server/auth/cookies.ts";
import { delayAfter } from "@/lib/server/auth/login-throttle.ts";
import { clientAddress } from "@/lib/server/http/request-info.ts";
import { PEER_HEADER } from "@/lib/server/http/peer-header.ts";

const TOKEN = "sbs_abcdefghijklmnopqrstuvwxyz012345";

describe("capRole", () => {
  it("never leaves a token with a right its owner lost", () => {
    for (const owner of RoleSchema.options)
      for (const token of RoleSchema.options)
        expect(mayDelegate(owner, capRole(token, owner)), `${token} of ${owner}`).toBe(true);
  });

  it("keeps what still fits and lowers to the owner's role, or to VIEWER between EDITOR and APPROVER", () => {
    expect(capRole("ADMIN", "EDITOR")).toBe("EDITOR");
    expect(capRole("VIEWER", "EDITOR")).toBe("VIEWER");
    expect(capRole("EDITOR", "APPROVER")).toBe("VIEWER");
    expect(capRole("EDITOR", "ADMIN")).toBe("EDITOR");
  });
});

describe("the session cookie", () => {
  it("reads the plain name over HTTP and only the __Host- name over HTTPS", () => {
    expect(sessionToken(`a=b; sb_session=${TOKEN}`, false)).toBe(TOKEN);
    expect(sessionToken(`sb_session=${TOKEN}`, true)).toBeNull();
    expect(sessionToken(`__Host-sb_session=${TOKEN}`, true)).toBe(TOKEN);
  });

  it.each([
    "sb_session=%E0%A4%A",
    "sb_session=",
    "sb_session",
    "sb_session=sbs_short",
    `sb_session=${TOKEN}x;;=`.slice(0, 5),
  ])("ignores the malformed %j", (header) => {
    expect(() => sessionToken(header, false)).not.toThrow();
    expect(sessionToken(header, false)).toBeNull();
  });

  it("is Secure only over HTTPS", () => {
    const at = new Date(0);
    expect(sessionCookie(TOKEN, at, false)).toBe(
      `sb_session=${TOKEN}; Path=/; HttpOnly; SameSite=Lax; Expires=${at.toUTCString()}`,
    );
    expect(sessionCookie(TOKEN, at, true)).toMatch(/^__Host-sb_session=.*; Path=\/; HttpOnly; SameSite=Lax; Secure;/);
    expect(hasSessionCookie("x=1; __Host-sb_session=")).toBe(true);
    expect(hasSessionCookie("x=1")).toBe(false);
  });
});

describe("login throttle delays", () => {
  it("are free below the threshold, then double up to 15 minutes", () => {
    expect(delayAfter(4, 5)).toBe(0);
    expect([5, 6, 7, 8].map((n) => delayAfter(n, 5))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(40, 5)).toBe(15 * 60_000);
  });
});

describe("clientAddress", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://console/x", { headers: { [PEER_HEADER]: "10.0.0.9", ...headers } });

  it("is the socket peer without trusted proxies, whatever X-Forwarded-For says", () => {
    expect(clientAddress(req({ "x-forwarded-for": "1.2.3.4" }), 0)).toBe("10.0.0.9");
  });

  it("is the n-th X-Forwarded-For entry from the right with n trusted proxies", () => {
    expect(clientAddress(req({ "x-forwarded-for": "6.6.6.6, 1.2.3.4" }), 1)).toBe("1.2.3.4");
    expect(clientAddress(req({ "x-forwarded-for": "6.6.6.6, 1.2.3.4, 10.1.1.1" }), 2)).toBe("1.2.3.4");
    expect(clientAddress(req({}), 1)).toBe("10.0.0.9");
  });
});
