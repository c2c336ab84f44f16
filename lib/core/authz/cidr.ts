/**
 * IP addresses and CIDR blocks for ipBlocks / remoteIpBlocks / `source.ip` conditions. An address is 16 bytes (IPv4
 * as IPv4-mapped IPv6, ::ffff:a.b.c.d, so Node's dual-stack peers compare equal to their IPv4 form). Blocks are
 * parsed once when a policy is prepared; the request's address once per evaluation.
 */

export interface IpBlock {
  bytes: Uint8Array;
  bits: number;
}

function parseV4(s: string, out: Uint8Array, at: number): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return false;
    const n = Number(p);
    if (n > 255) return false;
    out[at + i] = n;
  }
  return true;
}

function parseGroups(s: string): number[] | null {
  if (s === "") return [];
  const groups: number[] = [];
  for (const g of s.split(":")) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

function parseV6(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let text = s;
  let tail4: Uint8Array | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    tail4 = new Uint8Array(4);
    if (!parseV4(text.slice(lastColon + 1), tail4, 0)) return null;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4 !== null) out.set(tail4, 12);
  return out;
}

/** An IPv4 or IPv6 literal (zone ids dropped) as 16 bytes, or null when it is not one. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const zone = s.indexOf("%");
  const bare = zone === -1 ? s : s.slice(0, zone);
  if (!bare.includes(":")) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    return parseV4(bare, out, 12) ? out : null;
  }
  return parseV6(bare);
}

/** `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128), or null when malformed. */
export function parseIpBlock(text: string): IpBlock | null {
  const slash = text.indexOf("/");
  const addr = slash === -1 ? text : text.slice(0, slash);
  const bytes = parseIp(addr);
  if (bytes === null) return null;
  const v4 = !addr.includes(":");
  const max = v4 ? 32 : 128;
  if (slash !== -1 && !/^[0-9]{1,3}$/.test(text.slice(slash + 1))) return null;
  const prefix = slash === -1 ? max : Number(text.slice(slash + 1));
  if (prefix > max) return null;
  return { bytes, bits: v4 ? prefix + 96 : prefix };
}

export function inBlock(ip: Uint8Array, block: IpBlock): boolean {
  const full = block.bits >> 3;
  for (let i = 0; i < full; i++) if (ip[i] !== block.bytes[i]) return false;
  const rest = block.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip[full]! & mask) === (block.bytes[full]! & mask);
}
