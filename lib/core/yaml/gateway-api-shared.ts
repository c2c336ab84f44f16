/** Conventions shared by the Gateway API exporter and importer (see README.md). */
export const GATEWAY_CLASS = "signalbox";
/** Each version is a Kubernetes Service `<service>-<version>` on this port, selecting the version's pods. */
export const BACKEND_PORT = 80;
export const backendName = (service: string, version: string): string => `${service}-${version}`;

/**
 * What a Gateway API rule without a valid backendRef (none given, or none a Service) answers, as the spec requires;
 * such a rule exports back without backendRefs.
 */
export const NO_BACKEND_RESPONSE = { status: 500, body: "" } as const;
export const isNoBackendResponse = (r: { status: number; body: string } | undefined): boolean =>
  r !== undefined && r.status === NO_BACKEND_RESPONSE.status && r.body === NO_BACKEND_RESPONSE.body;

/** Gateway API durations: `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, so large values are split into units. */
export function gatewayDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join("") || "0s";
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
