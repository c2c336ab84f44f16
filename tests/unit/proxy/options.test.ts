import { describe, expect, it } from "vitest";
import { parseFlags } from "../../../proxy/flags.ts";
import { optionsFromFlags, workerOptions } from "../../../proxy/options.ts";

function flags(argv: string[]) {
  const r = parseFlags(argv, {});
  if (!r.ok) throw new Error(r.error);
  return r.flags;
}

describe("proxy options from flags", () => {
  const argv = ["--id", "edge-1", "--console", "http://127.0.0.1:3000", "--gateway", "edge", "--listen", "0"];
  const more = ["--admin-port", "9901", "--state-dir", "/tmp/s", "--config", "c.json", "--drain-ms", "500"];

  it("maps every flag once, for the single process and the primary alike", () => {
    const secrets = ["--secrets-dir", "/etc/signalbox/secrets"];
    expect(
      optionsFromFlags(
        flags([
          ...argv,
          ...more,
          ...secrets,
          "--max-header-bytes",
          "32768",
          "--http2",
          "off",
          "--token",
          "t",
          "--label",
          "zone=a",
        ]),
      ),
    ).toEqual({
      nodeId: "edge-1",
      consoleUrl: "http://127.0.0.1:3000",
      token: "t",
      gateway: "edge",
      labels: { zone: "a" },
      serveOnlyGateway: false, // a console is given: it says which gateway
      port: 0,
      gatewayPorts: false, // --listen given: that one port
      secretsDir: "/etc/signalbox/secrets",
      host: "127.0.0.1",
      adminPort: 9901,
      adminHost: "127.0.0.1",
      adminToken: undefined,
      stateDir: "/tmp/s",
      configFile: "c.json",
      drainTimeoutMs: 500,
      maxHeaderBytes: 32768,
      http2: false,
      logLevel: "info",
      pathNormalization: "merge-slashes",
      escapedSlashes: "keep",
      xffTrustedHops: 0,
      maxConnections: undefined,
      maxConnectionsPerClient: undefined,
      bodyIdleTimeoutMs: 60_000,
      upgradeIdleTimeoutMs: 300_000,
    });
  });

  it("maps the request hardening flags, and a worker gets them all", () => {
    const hardening = [
      ["--path-normalization", "decode-and-merge-slashes"],
      ["--escaped-slashes", "reject"],
      ["--xff-trusted-hops", "2"],
      ["--max-connections", "5000"],
      ["--max-connections-per-client", "50"],
      ["--body-idle-timeout-ms", "15000"],
      ["--upgrade-idle-timeout-ms", "60000"],
    ].flat();
    const expected = {
      pathNormalization: "decode-and-merge-slashes",
      escapedSlashes: "reject",
      xffTrustedHops: 2,
      maxConnections: 5000,
      maxConnectionsPerClient: 50,
      bodyIdleTimeoutMs: 15_000,
      upgradeIdleTimeoutMs: 60_000,
    };
    const o = optionsFromFlags(flags([...argv, ...hardening]));
    expect(o).toMatchObject(expected);
    expect(workerOptions(o, 1)).toMatchObject(expected);
  });

  it("refuses a bad hardening flag with its name", () => {
    for (const [flag, value] of [
      ["--path-normalization", "all"],
      ["--escaped-slashes", "decode"],
      ["--xff-trusted-hops", "-1"],
      ["--max-connections", "0"],
    ]) {
      const r = parseFlags([...argv, flag!, value!], {});
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.error).toContain(flag);
    }
  });

  it("gives a worker what serving needs (the gateway included) and none of the primary's sources", () => {
    const w = workerOptions({ ...optionsFromFlags(flags([...argv, ...more])), pollWaitMs: 5, snapshot: {} }, 2);
    expect(w).toMatchObject({ nodeId: "edge-1", gateway: "edge", port: 0, drainTimeoutMs: 500, workerIndex: 2 });
    for (const owned of ["consoleUrl", "token", "adminPort", "stateDir", "configFile", "snapshot", "pollWaitMs"])
      expect(w).not.toHaveProperty(owned);
  });
});
