import { describe, expect, it } from "vitest";
import { malformedPathSegment } from "@/lib/core/api/index.ts";

describe("malformedPathSegment", () => {
  it("names the first segment whose percent-encoding does not decode", () => {
    expect(malformedPathSegment("/api/changes/%ZZ")).toBe("%ZZ");
    expect(malformedPathSegment("/api/versions/%E0%A4/rollback")).toBe("%E0%A4");
    expect(malformedPathSegment("/a/100%/b%zz")).toBe("100%");
    expect(malformedPathSegment("/%C0%AF")).toBe("%C0%AF"); // overlong UTF-8
  });

  it("passes paths that decode, percent signs included", () => {
    expect(malformedPathSegment("/api/changes/abc")).toBeNull();
    expect(malformedPathSegment("/api/changes/%25")).toBeNull();
    expect(malformedPathSegment("/api/services/r%C3%A9views/v%201")).toBeNull();
    expect(malformedPathSegment("/")).toBeNull();
  });
});
