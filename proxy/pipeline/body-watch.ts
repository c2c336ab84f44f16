import type { Flight } from "./flight.ts";
import { sendText } from "./respond.ts";

interface Watched {
  f: Flight;
  bytesRead: number;
  lastProgress: number;
}

/**
 * Slow-body guard (nginx's `client_body_timeout`): a request body that sends nothing for `idleMs` is answered 408,
 * or cut once a response is under way. node's requestTimeout bounds the whole request; this catches a client
 * that trickles a body byte by byte under it. One sweep timer for all requests with a body (GETs never enter), and
 * no 'data' listener on the body (that would take over its flow and break upload backpressure): progress is the
 * socket's bytesRead, and time spent while the proxy itself is not reading (body buffered, upstream slow) does not
 * count against the client.
 */
export class BodyIdleWatch {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly idleMs: number) {}

  watch(f: Flight): void {
    if (this.idleMs <= 0) return;
    this.watched.add({ f, bytesRead: f.req.socket.bytesRead, lastProgress: performance.now() });
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), Math.max(25, Math.min(1_000, Math.floor(this.idleMs / 4))));
      this.timer.unref();
    }
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
  }

  private sweep(): void {
    const now = performance.now();
    for (const w of this.watched) {
      const { f } = w;
      const req = f.req;
      if (f.closed || req.complete || req.destroyed) {
        this.watched.delete(w);
        continue;
      }
      const read = req.socket.bytesRead;
      // Unread bytes waiting in the body stream: the proxy is the slow side, not the client.
      if (read !== w.bytesRead || req.readableLength > 0) {
        w.bytesRead = read;
        w.lastProgress = now;
      } else if (now - w.lastProgress >= this.idleMs) {
        this.watched.delete(w);
        expire(f);
      }
    }
    if (this.watched.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

function expire(f: Flight): void {
  f.deps.log.debug("request body idle timeout", { path: f.path });
  f.forward?.cancel();
  const res = f.res;
  if (res.headersSent) return void res.destroy();
  res.shouldKeepAlive = false;
  f.presetId();
  // Without keep-alive node closes the connection once this is sent, instead of waiting for the rest of the body.
  sendText(res, 408, "request body timeout\n");
}
