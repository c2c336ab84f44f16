import { z } from "zod";

/**
 * Text the proxy writes into a request or response head. A CR or LF there would split the head (header injection,
 * request splitting), and node refuses the write with an exception anyway; so the model refuses it when the
 * route is written, the snapshot schema refuses it again before a proxy applies it, and nothing of it is written.
 */

/** RFC 9110 §5.6.2 token: a header name, an HTTP method, an upgrade protocol name. */
export const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export const HeaderNameSchema = z.string().min(1).regex(TOKEN, "must be a valid HTTP header name");

/** RFC 9110 §5.5 field-value characters as node writes them: HTAB, visible ASCII, space, obs-text (Latin-1). */
export const HeaderValueSchema = z
  .string()
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, "must not contain CR, LF, NUL or other control characters");

/** A path (or URL) the proxy sends upstream or in a Location header: no control characters, no whitespace. */
export const UriTextSchema = z
  .string()
  .regex(/^[\x21-\x7e\x80-\xff]*$/, "must not contain spaces, CR, LF, NUL or other control characters");

/** An `Upgrade` protocol a route lets through: `websocket`, `h2c`, `name/version`. */
export const UpgradeProtocolSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\/[A-Za-z0-9!#$%&'*+.^_`|~-]+)?$/, "must be a protocol name such as websocket");
