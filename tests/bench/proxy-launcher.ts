/**
 * Fallback used only while proxy/main.ts does not exist yet: the same CLI (`--listen --config --id
 * [--admin-port]`) on top of createProxy, so the proxy still runs as its own pinned process.
 */
import { createProxy } from "../../proxy/create-proxy.ts";

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};

const admin = arg("admin-port");
const proxy = createProxy({
  nodeId: arg("id") ?? "bench",
  port: Number(arg("listen") ?? 8080),
  configFile: arg("config"),
  adminPort: admin === undefined ? undefined : Number(admin),
  logLevel: "warn",
});

const stop = () => {
  void proxy.stop(1_000).finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

proxy.start().catch((e: unknown) => {
  console.error(`proxy failed to start: ${String(e)}`);
  process.exit(1);
});
