/**
 * Request path normalization before route matching, Istio's `meshConfig.pathNormalization` (Envoy's
 * `normalize_path`, `merge_slashes`, `path_with_escaped_slashes_action`). The proxy matches and forwards the
 * normalized path, so a deny rule on `/admin` also holds for `/./admin`, `/x/../admin`, `/%61dmin` and `//admin`.
 * Pure, so the console can show what a path becomes with the very same code.
 */

/** Istio's option names, kebab-cased: each one does what the previous one does, and more. */
export const PATH_NORMALIZATIONS = ["none", "base", "merge-slashes", "decode-and-merge-slashes"] as const;
export type PathNormalization = (typeof PATH_NORMALIZATIONS)[number];

/**
 * `merge-slashes`, one step above Istio's install default (`BASE`): Istio's security best practices recommend it
 * against CVE-2021-31920 (`//admin` slipping past a `/admin` rule), and issue 9 requires `//admin` to be closed.
 */
export const DEFAULT_PATH_NORMALIZATION: PathNormalization = "merge-slashes";

/** Envoy's `path_with_escaped_slashes_action` for `%2F` and `%5C`: KEEP_UNCHANGED or REJECT_REQUEST (400). */
export const ESCAPED_SLASH_ACTIONS = ["keep", "reject"] as const;
export type EscapedSlashAction = (typeof ESCAPED_SLASH_ACTIONS)[number];

export interface PathPolicy {
  normalization: PathNormalization;
  escapedSlashes: EscapedSlashAction;
}

export const DEFAULT_PATH_POLICY: PathPolicy = { normalization: DEFAULT_PATH_NORMALIZATION, escapedSlashes: "keep" };

/** Why a path is refused (the proxy answers 400 with it). */
export interface PathRejection {
  rejected: string;
}

const NUL_REJECTED: PathRejection = { rejected: "%00 in the path" };
const ESCAPED_SLASH_REJECTED: PathRejection = { rejected: "escaped slash (%2F or %5C) in the path" };

const PERCENT = 37;
const SLASH = 47;
const DOT = 46;
const BACKSLASH = 92;

/**
 * The path (no query, no fragment) as the policy normalizes it, or why it is refused. Returns `path` itself when
 * nothing needs changing: one scan, no allocation, which is what almost every request gets.
 */
export function normalizePath(path: string, policy: PathPolicy): string | PathRejection {
  const mode = policy.normalization;
  if (!needsWork(path, mode)) return path;
  const decoded = decodePercents(path, policy);
  if (typeof decoded !== "string" || mode === "none") return decoded;
  const slashed = decoded.includes("\\") ? decoded.replace(/\\/g, "/") : decoded;
  const dotless = removeDotSegments(slashed);
  return mode === "base" ? dotless : mergeSlashes(dotless);
}

/** Whether the slow path may change or refuse anything: a `%`; and unless `none`, a backslash, `/.` or `//`. */
function needsWork(path: string, mode: PathNormalization): boolean {
  const rewrites = mode !== "none";
  const merging = mode === "merge-slashes" || mode === "decode-and-merge-slashes";
  let prev = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === PERCENT) return true;
    if (rewrites && (c === BACKSLASH || (prev === SLASH && (c === DOT || (c === SLASH && merging))))) return true;
    prev = c;
  }
  return false;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(b: number): boolean {
  const lower = b | 0x20;
  return (lower >= 97 && lower <= 122) || (b >= 48 && b <= 57) || b === 45 || b === 46 || b === 95 || b === 126;
}

/**
 * One decoding pass (never twice: `%252e` stays `%252e`). `%00` is refused, and `%2F`/`%5C` under `reject`, in
 * every mode. Unless `none` (which changes nothing): unreserved characters are decoded, `%2F`/`%5C` decoded under
 * `decode-and-merge-slashes` and kept otherwise, and every kept escape gets upper-case hex digits (RFC 3986
 * §6.2.2.1), so equal paths compare equal.
 */
function decodePercents(path: string, policy: PathPolicy): string | PathRejection {
  const mode = policy.normalization;
  let out = "";
  let from = 0;
  for (let i = path.indexOf("%"); i !== -1 && i + 2 < path.length; i = path.indexOf("%", i + 1)) {
    const hi = hexValue(path.charCodeAt(i + 1));
    const lo = hexValue(path.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue;
    const b = hi * 16 + lo;
    if (b === 0) return NUL_REJECTED;
    const slash = b === SLASH || b === BACKSLASH;
    if (slash && policy.escapedSlashes === "reject") return ESCAPED_SLASH_REJECTED;
    if (mode === "none") continue;
    const decode = slash ? mode === "decode-and-merge-slashes" : isUnreserved(b);
    out += path.slice(from, i) + (decode ? String.fromCharCode(b) : path.slice(i, i + 3).toUpperCase());
    from = i + 3;
    i += 2;
  }
  return from === 0 ? path : out + path.slice(from);
}

/** Collapses every run of slashes into one. */
export function mergeSlashes(path: string): string {
  return path.includes("//") ? path.replace(/\/{2,}/g, "/") : path;
}

/**
 * RFC 3986 §5.2.4 remove_dot_segments, on a path that starts with "/" (the proxy only sees those; a relative
 * path is handled too, as the RFC's algorithm does). "/a/b/../c/./d" → "/a/c/d"; ".." never climbs above "/".
 */
export function removeDotSegments(path: string): string {
  const out: string[] = [];
  let input = path;
  while (input.length > 0) {
    if (input.startsWith("../")) input = input.slice(3);
    else if (input.startsWith("./")) input = input.slice(2);
    else if (input.startsWith("/./")) input = input.slice(2);
    else if (input === "/.") input = "/";
    else if (input.startsWith("/../")) {
      input = input.slice(3);
      out.pop();
    } else if (input === "/..") {
      input = "/";
      out.pop();
    } else if (input === "." || input === "..") input = "";
    else {
      const next = input.indexOf("/", input.startsWith("/") ? 1 : 0);
      const segment = next === -1 ? input : input.slice(0, next);
      out.push(segment);
      input = next === -1 ? "" : input.slice(next);
    }
  }
  return out.join("");
}
