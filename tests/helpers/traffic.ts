import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface ProxiedResponse {
  status: number;
  upstream: string | undefined;
  requestId: string | undefined;
  body: string;
}

/** One request through the proxy at 127.0.0.1:port with the given Host header. */
export function viaProxy(
  port: number,
  host: string,
  path = "/",
  headers: Record<string, string> = {},
): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { host, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          upstream: res.headers["x-signalbox-upstream"] as string | undefined,
          requestId: res.headers["x-request-id"] as string | undefined,
          body,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** Sends `n` sequential requests and counts which upstream cluster answered each. */
export async function countUpstreams(port: number, host: string, n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await viaProxy(port, host);
    const key = res.status === 200 ? (res.upstream ?? "?") : `status-${res.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
