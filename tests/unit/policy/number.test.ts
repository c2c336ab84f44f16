import { describe, expect, it } from "vitest";
import { formatBytes, formatMs, formatNumber, parseNumber } from "../../../components/policy/number.ts";

describe("parseNumber", () => {
  it("empty or blank input means unset", () => {
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("   ")).toBeUndefined();
  });

  it("parses integers, decimals, negatives and exponents", () => {
    expect(parseNumber("42")).toBe(42);
    expect(parseNumber(" 2.5 ")).toBe(2.5);
    expect(parseNumber("-1")).toBe(-1);
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber("0")).toBe(0);
  });

  it("never produces NaN or Infinity", () => {
    for (const t of ["abc", "1.2.3", "NaN", "Infinity", "-Infinity", "1e999", "12px", "--1"]) {
      const n = parseNumber(t);
      expect(n, t).toBeUndefined();
    }
  });

  it("keeps out-of-range values so the server can report them", () => {
    expect(parseNumber("150")).toBe(150);
  });
});

describe("formatNumber", () => {
  it("shows unset and non-finite values as empty text", () => {
    expect(formatNumber(undefined)).toBe("");
    expect(formatNumber(Number.NaN)).toBe("");
    expect(formatNumber(3)).toBe("3");
    expect(formatNumber(0)).toBe("0");
  });

  it("round-trips through parseNumber", () => {
    for (const n of [0, 1, 2.5, 65536, 100]) expect(parseNumber(formatNumber(n))).toBe(n);
  });
});

describe("formatMs / formatBytes", () => {
  it("uses seconds from 1000 ms on", () => {
    expect(formatMs(2000)).toBe("2 s");
    expect(formatMs(1500)).toBe("1.5 s");
    expect(formatMs(250)).toBe("250 ms");
    expect(formatMs(0)).toBe("0 ms");
    expect(formatMs(1234)).toBe("1.234 s");
  });

  it("uses binary units only when exact", () => {
    expect(formatBytes(65536)).toBe("64 KiB");
    expect(formatBytes(1048576)).toBe("1 MiB");
    expect(formatBytes(1000)).toBe("1000 B");
  });
});
