import type { IncomingMessage } from "node:http";

/**
 * Request-smuggling guard (RFC 9112 §6.3). Node's parser already refuses most of these with a 400 before we
 * see the request; this re-checks what reaches us so the guarantee does not depend on parser flags.
 */
export function framingError(req: IncomingMessage): string | null {
  const raw = req.rawHeaders;
  let te = false;
  let contentLengths = 0;
  let firstCl: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 17 && raw[i]!.toLowerCase() === "transfer-encoding") te = true;
    if (raw[i]!.length === 14 && raw[i]!.toLowerCase() === "content-length") {
      for (const v of raw[i + 1]!.split(",")) {
        const value = v.trim();
        if (!/^\d+$/.test(value)) return "invalid content-length";
        if (firstCl !== undefined && value !== firstCl) return "conflicting content-length";
        firstCl = value;
        contentLengths++;
      }
    }
  }
  if (te && contentLengths > 0) return "both content-length and transfer-encoding";
  return null;
}
