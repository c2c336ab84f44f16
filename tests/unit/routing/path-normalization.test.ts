import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PATH_POLICY,
  normalizePath,
  parseRequestTarget,
  removeDotSegments,
  type PathNormalization,
  type PathPolicy,
} from "../../../lib/core/routing/index.ts";

const policy = (
  normalization: PathNormalization,
  escapedSlashes: PathPolicy["escapedSlashes"] = "keep",
): PathPolicy => ({
  normalization,
  escapedSlashes,
});
const BASE = policy("base");

/**
 * RFC 3986 §5.4 with base URI "http://a/b/c/d;p?q": each reference as a browser resolves it, and what our
 * request-target parser makes of the request a client would send for it (the base's directory + the reference).
 */
const RFC_3986_5_4: [ref: string, resolved: string][] = [
  // §5.4.1 normal examples (those with a path; "g:h", "//g" and "#s" change scheme, authority or only the fragment)
  ["g", "/b/c/g"],
  ["./g", "/b/c/g"],
  ["g/", "/b/c/g/"],
  ["/g", "/g"],
  ["g?y", "/b/c/g?y"],
  ["g#s", "/b/c/g"],
  ["g?y#s", "/b/c/g?y"],
  [";x", "/b/c/;x"],
  ["g;x", "/b/c/g;x"],
  ["g;x?y#s", "/b/c/g;x?y"],
  [".", "/b/c/"],
  ["./", "/b/c/"],
  ["..", "/b/"],
  ["../", "/b/"],
  ["../g", "/b/g"],
  ["../..", "/"],
  ["../../", "/"],
  ["../../g", "/g"],
  // §5.4.2 abnormal examples
  ["../../../g", "/g"],
  ["../../../../g", "/g"],
  ["/./g", "/g"],
  ["/../g", "/g"],
  ["g.", "/b/c/g."],
  [".g", "/b/c/.g"],
  ["g..", "/b/c/g.."],
  ["..g", "/b/c/..g"],
  ["./../g", "/b/g"],
  ["./g/.", "/b/c/g/"],
  ["g/./h", "/b/c/g/h"],
  ["g/../h", "/b/c/h"],
  ["g;x=1/./y", "/b/c/g;x=1/y"],
  ["g;x=1/../y", "/b/c/y"],
  ["g?y/./x", "/b/c/g?y/./x"],
  ["g?y/../x", "/b/c/g?y/../x"],
  ["g#s/./x", "/b/c/g"],
  ["g#s/../x", "/b/c/g"],
];

const target = (t: string, p: PathPolicy = BASE, host = "a") => {
  const r = parseRequestTarget(t, host, p);
  return "rejected" in r ? r : r.path + r.query;
};

describe("RFC 3986 §5.4 reference resolution examples", () => {
  it.each(RFC_3986_5_4)("%s → %s", (ref, resolved) => {
    const sent = ref.startsWith("/") ? ref : `/b/c/${ref}`;
    expect(target(sent)).toBe(resolved);
    expect(target(`http://a${sent}`)).toBe(resolved);
  });

  it("remove_dot_segments on the RFC's §5.2.4 walk-throughs", () => {
    expect(removeDotSegments("/a/b/c/./../../g")).toBe("/a/g");
    expect(removeDotSegments("mid/content=5/../6")).toBe("mid/6");
    expect(removeDotSegments("/..")).toBe("/");
    expect(removeDotSegments("/.")).toBe("/");
    expect(removeDotSegments("/a/..")).toBe("/");
    expect(removeDotSegments("")).toBe("");
  });
});

describe("Istio's normalizations", () => {
  it.each([
    // percent-decoding of unreserved characters only, once, hex upper-cased for the rest
    ["/some%2Ddata/%61%62%63%7e%5F%2e", "base", "/some-data/abc~_."],
    ["/a%20b%3f", "base", "/a%20b%3F"],
    ["/%252e%252e/admin", "base", "/%252e%252e/admin"],
    ["/bad%zz%4", "base", "/bad%zz%4"],
    // dots, including encoded ones
    ["/public/./data/abc/../xyz", "base", "/public/data/xyz"],
    ["/x/%2E%2E/admin", "base", "/admin"],
    ["/%2e/admin", "base", "/admin"],
    // backslashes
    ["/some\\data", "base", "/some/data"],
    // slashes
    ["/some//data///abc", "base", "/some//data///abc"],
    ["/some//data///abc", "merge-slashes", "/some/data/abc"],
    ["//admin", "merge-slashes", "/admin"],
    ["/a/..//admin", "merge-slashes", "/admin"],
    // escaped slashes: kept below decode-and-merge-slashes, decoded there (and then merged / dot-resolved)
    ["/some%2fdata/%61%62%63", "merge-slashes", "/some%2Fdata/abc"],
    ["/some%2fdata/%61%62%63", "decode-and-merge-slashes", "/some/data/abc"],
    ["/x%2F..%2Fadmin", "decode-and-merge-slashes", "/admin"],
    ["/x%5C..%5Cadmin", "decode-and-merge-slashes", "/admin"],
    ["/%2F%2Fadmin", "decode-and-merge-slashes", "/admin"],
    // none: exactly as received
    ["/x/../a//b/%61", "none", "/x/../a//b/%61"],
  ] as const)("%s under %s → %s", (path, mode, expected) => {
    expect(normalizePath(path, policy(mode))).toBe(expected);
  });

  it("refuses %00 in every mode", () => {
    for (const mode of ["none", "base", "merge-slashes", "decode-and-merge-slashes"] as const)
      expect(normalizePath("/a%00b", policy(mode))).toEqual({ rejected: "%00 in the path" });
  });

  it("refuses escaped slashes under reject, in every mode, and leaves other paths alone", () => {
    for (const mode of ["none", "base", "merge-slashes", "decode-and-merge-slashes"] as const) {
      for (const p of ["/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb"])
        expect(normalizePath(p, policy(mode, "reject"))).toHaveProperty("rejected");
      expect(normalizePath("/a/b%41", policy(mode, "reject"))).toBe(mode === "none" ? "/a/b%41" : "/a/bA");
    }
  });

  it("returns the very same string when there is nothing to normalize (the hot path allocates nothing)", () => {
    const p = "/api/v1/users/42";
    expect(normalizePath(p, DEFAULT_PATH_POLICY)).toBe(p);
    expect(normalizePath("/.well-known/x", DEFAULT_PATH_POLICY)).toBe("/.well-known/x");
  });
});

describe("request targets", () => {
  it("splits the query off untouched and drops a fragment", () => {
    expect(parseRequestTarget("/a/../b?x=/../y%41#frag", "h", DEFAULT_PATH_POLICY)).toEqual({
      path: "/b",
      query: "?x=/../y%41",
    });
  });

  it("reads absolute form, and refuses a Host that disagrees with it", () => {
    expect(target("http://Web.Test:80/p?q", DEFAULT_PATH_POLICY, "web.test")).toBe("/p?q");
    expect(target("HTTP://web.test", DEFAULT_PATH_POLICY, "WEB.TEST:80")).toBe("/");
    expect(target("http://web.test:8080/", DEFAULT_PATH_POLICY, "web.test:8080")).toBe("/");
    expect(target("http://web.test?q=1", DEFAULT_PATH_POLICY, "web.test")).toBe("/?q=1");
    expect(target("http://other.test/", DEFAULT_PATH_POLICY, "web.test")).toHaveProperty("rejected");
    expect(target("http://web.test:8080/", DEFAULT_PATH_POLICY, "web.test")).toHaveProperty("rejected");
    expect(target("http://user@web.test/", DEFAULT_PATH_POLICY, "web.test")).toHaveProperty("rejected");
  });

  it("keeps asterisk form and refuses any other form", () => {
    expect(target("*")).toBe("*");
    for (const t of ["admin", "ftp://web.test/", "web.test:80", ""]) expect(target(t)).toHaveProperty("rejected");
  });
});

describe("properties", () => {
  const segment = fc.constantFrom(
    "a",
    "admin",
    ".",
    "..",
    "",
    "%2e",
    "%2E%2e",
    "%61",
    "%2F",
    "%5c",
    "\\",
    "x y",
    "%41b",
  );
  const path = fc.array(segment, { maxLength: 8 }).map((s) => `/${s.join("/")}`);
  const modes = fc.constantFrom("base", "merge-slashes", "decode-and-merge-slashes" as const);

  it("normalizing twice changes nothing more", () => {
    fc.assert(
      fc.property(path, modes, (p, mode) => {
        const once = normalizePath(p, policy(mode));
        if (typeof once !== "string") return;
        expect(normalizePath(once, policy(mode))).toBe(once);
      }),
      { seed: 9, numRuns: 2_000 },
    );
  });

  it("a normalized path has no dot segments, starts with /, and (when merging) no empty segment", () => {
    fc.assert(
      fc.property(path, modes, (p, mode) => {
        const out = normalizePath(p, policy(mode));
        if (typeof out !== "string") return;
        expect(out.startsWith("/")).toBe(true);
        expect(out.split("/").some((s) => s === "." || s === "..")).toBe(false);
        if (mode !== "base") expect(out.includes("//")).toBe(false);
      }),
      { seed: 10, numRuns: 2_000 },
    );
  });
});
