import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";

/**
 * The SPIFFE ID of a TLS peer whose client certificate the listener verified (a MUTUAL listener), read from the
 * certificate's URI SAN; null for plaintext, an unverified or absent certificate, or one without a spiffe:// URI.
 * Cached per socket: a keep-alive connection presents its certificate once.
 */
const cache = new WeakMap<Socket, string | null>();

export function peerSpiffeId(socket: Socket): string | null {
  const tls = socket as Partial<TLSSocket> & Socket;
  if (tls.encrypted !== true) return null;
  const hit = cache.get(socket);
  if (hit !== undefined) return hit;
  const id = tls.authorized === true ? spiffeIdOf(tls.getPeerCertificate?.()?.subjectaltname) : null;
  cache.set(socket, id);
  return id;
}

/** `URI:spiffe://td/ns/x/sa/y, DNS:…` (node's subjectaltname) → the first spiffe:// URI. */
export function spiffeIdOf(subjectAltName: string | undefined): string | null {
  if (!subjectAltName) return null;
  for (const part of subjectAltName.split(",")) {
    const s = part.trim();
    if (s.startsWith("URI:spiffe://")) return s.slice(4);
  }
  return null;
}
