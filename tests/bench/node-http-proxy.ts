/**
 * The "plain Node proxy" the benchmark measures beside Signalbox: what a few lines of node:http give (the core of
 * http-proxy / express-http-proxy): keep-alive agent, 80/20 random split, headers copied, bodies piped. No
 * routing table, metrics, retries or header hygiene, so it is a floor for per-request cost, not a peer.
 *
 *   node node-http-proxy.mjs <listen port> <v1 port> <v2 port>
 */
import http from "node:http";

const [listen, v1, v2] = process.argv.slice(2).map(Number) as [number, number, number];
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

http
  .createServer((req, res) => {
    const port = Math.random() < 0.8 ? v1 : v2;
    const upstream = http.request(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  })
  .listen(listen, "127.0.0.1", () => process.stdout.write(`listening ${listen}\n`));
