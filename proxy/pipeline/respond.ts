import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Short text answers the proxy itself produces (404, 503, 504, faults). */
export function sendText(res: ServerResponse, status: number, body: string, headers?: OutgoingHttpHeaders): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    ...headers,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
