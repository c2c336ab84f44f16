import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childPids } from "./procstat.ts";
import { startPinned, tempDir, waitReady, type Child } from "./procs.ts";

export const BENCH_HOST = "bench.local";

/** Everything an nginx instance writes (pid, logs, temp files) stays under its own prefix. */
function preamble(prefix: string): string {
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(path.join(prefix, "tmp", d), { recursive: true });
  return `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; multi_accept on; }
`;
}

function httpPreamble(prefix: string): string {
  const t = (d: string) => path.join(prefix, "tmp", d);
  return `  access_log off;
  default_type text/plain;
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  client_body_temp_path ${t("body")};
  proxy_temp_path ${t("proxy")};
  fastcgi_temp_path ${t("fastcgi")};
  uwsgi_temp_path ${t("uwsgi")};
  scgi_temp_path ${t("scgi")};
`;
}

/** Two fast upstreams: `return 200` with a small body and a header naming the version. */
export function upstreamConfig(prefix: string, v1Port: number, v2Port: number): string {
  const server = (port: number, name: string) => `  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / { add_header x-upstream ${name} always; return 200 "${name}\\n"; }
  }
`;
  return `${preamble(prefix)}http {
${httpPreamble(prefix)}${server(v1Port, "v1")}${server(v2Port, "v2")}}
`;
}

/**
 * The reference proxy: 80/20 weighted upstream with keep-alive, and the same forwarding headers the
 * Signalbox proxy adds (x-forwarded-for/-proto/-host), so both do comparable work per request.
 */
export function proxyConfig(
  prefix: string,
  listenPort: number,
  v1Port: number,
  v2Port: number,
  tls?: { certFile: string; keyFile: string },
): string {
  // TLS as the signalbox listener does it (node's defaults: TLS 1.2-1.3, session tickets on).
  const ssl = tls
    ? ` ssl;
    ssl_certificate ${tls.certFile};
    ssl_certificate_key ${tls.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;`
    : ";";
  return `${preamble(prefix)}http {
${httpPreamble(prefix)}  upstream bench {
    server 127.0.0.1:${v1Port} weight=80;
    server 127.0.0.1:${v2Port} weight=20;
    keepalive 128;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:${listenPort} backlog=4096${ssl}
    server_name ${BENCH_HOST};
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_buffering on;
    }
  }
}
`;
}

export interface NginxInstance {
  child: Child;
  /** The single worker: the process that serves requests (CPU and RSS are read from it). */
  workerPid: number;
  prefix: string;
}

/** Starts nginx in the foreground pinned to `cpu` (master and worker inherit the affinity). */
export async function startNginx(
  nginxBin: string,
  label: string,
  cpu: number,
  config: (prefix: string) => string,
  probePort: number,
  probeCaPem?: string,
): Promise<NginxInstance> {
  const prefix = tempDir(`nginx-${label}`);
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, config(prefix));
  // -e: the startup error log goes to the prefix too, never to /var/log/nginx.
  const child = startPinned(cpu, nginxBin, ["-p", prefix, "-e", path.join(prefix, "error.log"), "-c", conf]);
  await waitReady(`nginx (${label})`, child, probePort, BENCH_HOST, 20_000, probeCaPem);
  const workers = childPids(child.pid);
  if (workers.length !== 1) throw new Error(`nginx (${label}): expected one worker, found ${workers.length}`);
  return { child, workerPid: workers[0]!, prefix };
}
