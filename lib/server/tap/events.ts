import "server-only";
import { closeTap, tapState } from "./sessions.ts";
import { samplesAfter } from "./samples.ts";

/** How often the stream looks for new samples (written by whichever console the proxies report to). */
const POLL_MS = 300;
/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 10_000;

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * The tap's samples as Server-Sent Events: `sample` for each, then one `end` ({reason}) when the tap expires or is
 * closed. The samples come from the database, so a tap watched on one console gets what proxies sent to another.
 * The viewer leaving (the request aborts) closes the tap: nothing is sampled while nobody watches.
 */
export function tapEventStream(tapId: string, startAfter: bigint, signal: AbortSignal): Response {
  let last = startAfter;
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = Date.now();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (reason: "expired" | "closed") => {
        clearTimeout(timer);
        controller.enqueue(event("end", { reason }));
        controller.close();
        void closeTap(tapId).catch(() => undefined);
      };
      const tick = async () => {
        if (signal.aborted) return;
        try {
          for (const { id, sample } of await samplesAfter(tapId, last)) {
            controller.enqueue(event("sample", sample));
            last = id;
            lastWrite = Date.now();
          }
          const state = await tapState(tapId);
          if (state !== "open") {
            // The last samples may have landed after the read above.
            for (const { sample } of await samplesAfter(tapId, last)) controller.enqueue(event("sample", sample));
            return finish(state);
          }
          if (Date.now() - lastWrite >= HEARTBEAT_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastWrite = Date.now();
          }
        } catch (error) {
          console.warn(`[signalbox] live tap ${tapId}: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!signal.aborted) timer = setTimeout(() => void tick(), POLL_MS);
      };
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          void closeTap(tapId).catch(() => undefined);
          try {
            controller.close();
          } catch {
            // already closed
          }
        },
        { once: true },
      );
      controller.enqueue(encoder.encode(": tap open\n\n"));
      void tick();
    },
    cancel() {
      clearTimeout(timer);
      void closeTap(tapId).catch(() => undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
