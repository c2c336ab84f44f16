/**
 * Which addresses the console's own health checks may reach. A check target is chosen by whoever holds a
 * registration token, and the console probes it from inside the network: without a limit a registration could make
 * the console fetch a cloud metadata service (169.254.169.254 and friends hand out instance credentials) and put the
 * answer into the check output that the Registry page shows. Link-local addresses are where those services live, so
 * they are refused unless the operator allows them (SIGNALBOX_CHECK_ALLOW_LINK_LOCAL).
 */

/** Metadata services outside link-local space: AWS's IPv6 one, Alibaba Cloud's. */
const METADATA_ADDRESSES = new Set(["fd00:ec2::254", "100.100.100.200"]);

function ipv4Octets(address: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** Why a resolved IP address may not be probed, or null when it may. `address` is an IP literal, never a name. */
export function refusedCheckAddress(address: string): string | null {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  // An IPv4-mapped IPv6 address is the IPv4 address it carries.
  const v4 = ipv4Octets(ip.startsWith("::ffff:") ? ip.slice(7) : ip);
  if (METADATA_ADDRESSES.has(ip) || (v4 && METADATA_ADDRESSES.has(v4.join("."))))
    return `${address} is a cloud metadata address`;
  if (v4 && v4[0] === 169 && v4[1] === 254) return `${address} is link-local (169.254.0.0/16, cloud metadata)`;
  if (!v4 && /^fe[89ab][0-9a-f]:/.test(ip)) return `${address} is link-local (fe80::/10)`;
  return null;
}
