import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { Duplex } from "node:stream";
import { GATEWAY_HOST } from "./round-trip.ts";
import type { ConformanceCase } from "./types.ts";

/**
 * Just enough RFC 6455 for upstream's WebSocket test (httproute-backend-protocol-websocket.go): whole text and
 * binary frames, masked from the client, unmasked from the server. No fragmentation, no extensions.
 */
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export const acceptKey = (key: string): string =>
  createHash("sha1")
    .update(key + GUID)
    .digest("base64");

export function encodeFrame(opcode: number, payload: Buffer, masked: boolean): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (masked ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(len, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  mask.copy(head, 2 + lenBytes);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, body]);
}

export interface Frame {
  opcode: number;
  payload: Buffer;
}

/** The first whole frame of `buf` and the bytes after it; null while incomplete. */
export function decodeFrame(buf: Buffer): { frame: Frame; rest: Buffer } | null {
  if (buf.length < 2) return null;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? buf.subarray(at, at + 4) : null;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { frame: { opcode: buf[0]! & 0x0f, payload }, rest: buf.subarray(at + len) };
}

/** Calls `onFrame` for each whole frame arriving on `socket`, starting with the bytes in `head`. */
export function readFrames(socket: Duplex, head: Buffer, onFrame: (f: Frame) => void): void {
  let pending = head;
  const drain = () => {
    for (let next = decodeFrame(pending); next; next = decodeFrame(pending)) {
      pending = next.rest;
      onFrame(next.frame);
    }
  };
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    drain();
  });
  drain();
}

/** echo-basic's `/ws`: completes the handshake and sends every text and binary message back as it came. */
export function serveWebSocketEcho(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  const key = req.headers["sec-websocket-key"];
  if (req.url?.split("?")[0] !== "/ws" || typeof key !== "string") {
    socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  readFrames(socket, head, (f) => {
    if (f.opcode === OPCODE_CLOSE) return void socket.end(encodeFrame(OPCODE_CLOSE, Buffer.alloc(0), false));
    if (f.opcode === OPCODE_TEXT || f.opcode === OPCODE_BINARY) socket.write(encodeFrame(f.opcode, f.payload, false));
  });
  socket.on("error", () => socket.destroy());
  // http.Server sockets are half-open capable: close our side when the proxy closes its side.
  socket.on("end", () => socket.end());
}

/**
 * The Go test's exchange (golang.org/x/net/websocket Dial, then Message.Send/Receive): dial ws://gateway/ws with an
 * Origin, send the text message and expect it back as text, then the binary message back as binary. Null when the
 * exchange went so, else why not.
 */
export function webSocketExchange(port: number, c: ConformanceCase): Promise<string | null> {
  const ws = c.websocket!;
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve) => {
    const done = (result: string | null, socket?: Duplex) => {
      socket?.destroy();
      resolve(result);
    };
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: c.request.path,
      agent: false,
      headers: {
        host: c.request.host || GATEWAY_HOST,
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": key,
        origin: ws.origin,
      },
    });
    req.setTimeout(10_000, () => req.destroy(new Error("no handshake within 10 s")));
    req.on("error", (e) => done(`failed to dial: ${e.message}`));
    req.on("response", (res) => {
      res.resume();
      done(`failed to dial: expected 101 Switching Protocols, got ${res.statusCode}`);
    });
    req.on("upgrade", (res, socket, head) => {
      if (res.headers["sec-websocket-accept"] !== acceptKey(key))
        return done("failed to dial: wrong Sec-WebSocket-Accept", socket);
      const expected: Frame[] = [
        { opcode: OPCODE_TEXT, payload: Buffer.from(ws.text) },
        { opcode: OPCODE_BINARY, payload: Buffer.from(ws.binary) },
      ];
      let step = 0;
      const send = () => socket.write(encodeFrame(expected[step]!.opcode, expected[step]!.payload, true));
      const timer = setTimeout(() => done(`no reply to message ${step + 1} within 10 s`, socket), 10_000);
      readFrames(socket, head, (f) => {
        const want = expected[step]!;
        if (f.opcode !== want.opcode || !f.payload.equals(want.payload)) {
          clearTimeout(timer);
          return done(
            `unexpected reply - want: ${want.opcode}:${want.payload.toString("hex")} got: ${f.opcode}:${f.payload.toString("hex")}`,
            socket,
          );
        }
        if (++step === expected.length) {
          clearTimeout(timer);
          return done(null, socket);
        }
        send();
      });
      socket.on("error", (e) => done(`connection failed: ${e.message}`, socket));
      send();
    });
    req.end();
  });
}
