import { z } from "zod";
import { SHA256_HEX } from "../snapshot/schema.ts";
import { labelListError } from "../rollout/labels.ts";

/**
 * Console <-> proxy protocol. All proxy calls carry `Authorization: Bearer <secret>`: the proxy's own credential
 * (bound to one node id and gateway; a body or query naming another node is refused with 403), or the shared
 * demo token on a loopback-only console.
 */

/** Config versions are PostgreSQL integers: anything larger names no version (and must not reach a query). */
export const MAX_VERSION = 2_147_483_647;
const versionNumber = (min: number) =>
  z.number().int("must be an integer").min(min, `must be >= ${min}`).max(MAX_VERSION, `must be <= ${MAX_VERSION}`);

export const NodeIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'");

/** GET /api/xds/snapshot?node=ID&version=N[&gateway=NAME]: 200 with a Snapshot newer than N, or 304 after the wait. */
export const SnapshotPollQuerySchema = z
  .object({
    node: NodeIdSchema,
    version: z.coerce.number().int().min(0, "must be >= 0").max(MAX_VERSION, `must be <= ${MAX_VERSION}`).default(0),
    gateway: z.string().max(63).optional(),
    /** The proxy's `--label k=v` flags as `k=v,k2=v2`; staged rollouts select proxies by them. */
    labels: z
      .string()
      .max(2048)
      .refine((t) => labelListError(t) === null, { error: (i) => labelListError(String(i.input)) ?? "invalid labels" })
      .optional(),
    /** Upper bound on how long the console may hold the request, in ms (the console caps it). */
    waitMs: z.coerce.number().int().min(0).max(300_000).optional(),
    /**
     * The ACK, carried by the poll as an xDS DiscoveryRequest carries `version_info`: the version the proxy applied and
     * its hash (both or neither; the hash must be that version's, else 400). Saves the fleet one request per publish
     * (POST /api/xds/ack stays for proxies that do not send it).
     */
    applied: z.coerce.number().int().min(1, "must be >= 1").max(MAX_VERSION, `must be <= ${MAX_VERSION}`).optional(),
    appliedHash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest").optional(),
  })
  .refine((q) => (q.applied === undefined) === (q.appliedHash === undefined), {
    path: ["appliedHash"],
    error: "applied and appliedHash go together",
  });
export type SnapshotPollQuery = z.infer<typeof SnapshotPollQuerySchema>;

/** POST /api/xds/ack: `hash` must be the hash of `version`, which must exist (else 400). */
export const AckSchema = z.object({
  node: NodeIdSchema,
  version: versionNumber(1),
  hash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest"),
  gateway: z.string().max(63).optional(),
});
export type Ack = z.infer<typeof AckSchema>;

/** POST /api/xds/nack: the proxy refused `version` (which must exist) and keeps serving `runningVersion`. */
export const NackSchema = z.object({
  node: NodeIdSchema,
  version: versionNumber(1),
  runningVersion: versionNumber(0).default(0),
  error: z.string().min(1).max(4000),
  gateway: z.string().max(63).optional(),
});
export type Nack = z.infer<typeof NackSchema>;

/**
 * Snapshot transfer encoding. A proxy that sends `x-signalbox-accept-encoding: gzip` with its poll gets the snapshot
 * gzipped (compressed once per version for the whole fleet) as `application/gzip`, marked with
 * `x-signalbox-content-encoding: gzip`; the JSON inside is byte for byte the plain answer. Its own headers because
 * Next.js drops a route handler's `content-encoding` and would gzip every answer again (lib/server/xds/snapshot-bytes.ts).
 */
export const SNAPSHOT_ACCEPT_ENCODING_HEADER = "x-signalbox-accept-encoding";
export const SNAPSHOT_CONTENT_ENCODING_HEADER = "x-signalbox-content-encoding";
