import http from "node:http";

const HOSTS = ["productpage.demo", "reviews.demo", "reviews.demo", "ratings.demo", "details.demo"];

/**
 * A gentle, steady load through the proxy (about `rps` requests a second, loopback only) so the charts
 * move from the first minute. Stops when `stop()` is called.
 */
export function startDemoTraffic(proxyPort: number, rps = 20, host = "127.0.0.1"): { stop(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let n = 0;
  const timer = setInterval(
    () => {
      const hostHeader = HOSTS[n++ % HOSTS.length]!;
      const req = http.request({ host, port: proxyPort, path: "/", agent, headers: { host: hostHeader } }, (res) =>
        res.resume(),
      );
      req.on("error", () => undefined); // the proxy may be restarting; the next tick tries again
      req.end();
    },
    Math.max(1, Math.round(1000 / rps)),
  );
  return {
    stop() {
      clearInterval(timer);
      agent.destroy();
    },
  };
}
