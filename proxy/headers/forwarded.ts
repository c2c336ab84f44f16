import { isIP } from "node:net";

/**
 * The client's address under Envoy's `xff_num_trusted_hops` (with `use_remote_address`): the peer is appended to
 * the X-Forwarded-For list, and the address `trustedHops` entries left of that end is the client. With 0 trusted
 * hops (the default) it is the peer itself, whatever the request claims; too short a list or an entry that is not
 * an IP address falls back to the peer too.
 */
export function clientAddress(forwardedFor: string, peer: string, trustedHops: number): string {
  if (trustedHops <= 0 || forwardedFor === "") return peer;
  const list = forwardedFor.split(",");
  const index = list.length - trustedHops;
  if (index < 0) return peer;
  const candidate = list[index]!.trim();
  return isIP(candidate) !== 0 ? candidate : peer;
}
