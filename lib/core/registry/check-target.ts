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

/** An IPv6 literal as its eight 16-bit groups (a dotted IPv4 tail counts as two), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const tail = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (tail) {
    const o = ipv4Octets(tail[1]!);
    if (!o) return null;
    text = `${text.slice(0, tail.index)}:${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === "" ? [] : h.split(":"));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The IPv4 address an IPv6 literal reaches: IPv4-mapped (`::ffff:a.b.c.d`, also written `::ffff:a9fe:a9fe`, which is
 * how URL parsing prints it). Any spelling must be caught, or `http://[::ffff:169.254.169.254]/` would slip through.
 */
function mappedIpv4(groups: number[]): number[] | null {
  if (!groups.slice(0, 5).every((g) => g === 0) || groups[5] !== 0xffff) return null;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
}

const canonicalV6 = (groups: number[]) => groups.map((g) => g.toString(16)).join(":");
const METADATA_V6 = new Set(
  [...METADATA_ADDRESSES].map((a) => ipv6Groups(a)).flatMap((g) => (g ? [canonicalV6(g)] : [])),
);

/** Why a resolved IP address may not be probed, or null when it may. `address` is an IP literal, never a name. */
export function refusedCheckAddress(address: string): string | null {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  const groups = ip.includes(":") ? ipv6Groups(ip) : null;
  const v4 = groups ? mappedIpv4(groups) : ipv4Octets(ip);
  if ((v4 && METADATA_ADDRESSES.has(v4.join("."))) || (groups && METADATA_V6.has(canonicalV6(groups))))
    return `${address} is a cloud metadata address`;
  if (v4 && v4[0] === 169 && v4[1] === 254) return `${address} is link-local (169.254.0.0/16, cloud metadata)`;
  if (groups && !v4 && (groups[0]! & 0xffc0) === 0xfe80) return `${address} is link-local (fe80::/10)`;
  return null;
}
