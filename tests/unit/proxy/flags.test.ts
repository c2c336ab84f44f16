import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { autoWorkers, parseFlags } from "../../../proxy/flags.ts";
import { optionsFromFlags } from "../../../proxy/options.ts";

describe("parseFlags", () => {
  it("applies defaults and reads the token from the environment", () => {
    const r = parseFlags(["--console", "http://127.0.0.1:3000", "--id", "n1"], { SIGNALBOX_PROXY_TOKEN: "t" });
    expect(r).toEqual({
      ok: true,
      flags: expect.objectContaining({
        console: "http://127.0.0.1:3000",
        id: "n1",
        listen: undefined, // every port of the gateway's listeners
        host: "127.0.0.1",
        token: "t",
        maxHeaderBytes: 16384,
      }),
    });
  });

  it("runs a worker per core by default (--workers auto); a number or 1 (one process) when given; names a bad one", () => {
    const base = ["--config", "snapshot.json"];
    const workers = (...w: string[]) => {
      const r = parseFlags([...base, ...w], {});
      return r.ok ? r.flags.workers : r.error;
    };
    expect(workers()).toBe(autoWorkers());
    expect(workers("--workers", "auto")).toBe(Math.min(64, availableParallelism()));
    expect(workers("--workers", "1")).toBe(1);
    expect(workers("--workers", "3")).toBe(3);
    for (const bad of ["0", "65", "1.5", "many"])
      expect(workers("--workers", bad)).toBe("--workers: --workers must be auto or 1..64");
    expect([1, 2, 8, 200].map((cores) => autoWorkers(cores))).toEqual([1, 2, 8, 64]);
  });

  it("collects repeated --label k=v flags, and names a bad one", () => {
    const base = ["--console", "http://127.0.0.1:3000", "--id", "n1"];
    const r = parseFlags([...base, "--label", "canary=true", "--label", "zone=eu-1"], {});
    expect(r.ok && r.flags.label).toEqual({ canary: "true", zone: "eu-1" });
    expect(parseFlags(base, {})).toMatchObject({ ok: true, flags: { label: {} } });
    const bad = parseFlags([...base, "--label", "canary"], {});
    expect(bad).toEqual({ ok: false, error: '--label: must be key=value ("canary" is not key=value)' });
  });

  it("mesh mode: --sidecar-for with --app, default sidecar ports, and the combinations refused", () => {
    const base = ["--console", "http://127.0.0.1:3000", "--id", "reviews-v2-a"];
    const r = parseFlags([...base, "--sidecar-for", "reviews/v2", "--app", "9080", "--inbound", "15106"], {});
    // A sidecar runs one process whatever the cores: `--workers auto` (the default) means 1 for it.
    expect(r).toMatchObject({ ok: true, flags: { sidecarFor: "reviews/v2", app: 9080, inbound: 15106, workers: 1 } });
    const options = r.ok ? optionsFromFlags(r.flags) : null;
    expect(options).toMatchObject({
      port: 15001,
      gatewayPorts: false,
      serveOnlyGateway: false,
      sidecar: { cluster: "reviews/v2", inboundPort: 15106, appPort: 9080 },
    });
    expect(options?.gateway).toBeUndefined();
    expect(parseFlags([...base, "--sidecar-for", "reviews/v2", "--app", "9080", "--workers", "2"], {})).toEqual({
      ok: false,
      error: "--workers: must be 1 with --sidecar-for",
    });
    expect(parseFlags([...base, "--sidecar-for", "reviews", "--app", "9080"], {})).toEqual({
      ok: false,
      error: "--sidecar-for: must be service/version, e.g. reviews/v2",
    });
    expect(parseFlags([...base, "--sidecar-for", "reviews/v2"], {})).toEqual({
      ok: false,
      error: "--app: is required with --sidecar-for (the app's local port)",
    });
    expect(parseFlags([...base, "--sidecar-for", "reviews/v2", "--app", "9080", "--gateway", "edge"], {})).toEqual({
      ok: false,
      error: "--gateway: cannot be combined with --sidecar-for (use --outbound)",
    });
    expect(parseFlags([...base, "--inbound", "15006"], {})).toEqual({
      ok: false,
      error: "--inbound: needs --sidecar-for service/version",
    });
  });

  it("reads the join token from --join-token or SIGNALBOX_JOIN_TOKEN", () => {
    const base = ["--console", "http://127.0.0.1:3000", "--id", "n1", "--state-dir", "/tmp/x"];
    const fromEnv = parseFlags(base, { SIGNALBOX_JOIN_TOKEN: "sbj_env" });
    expect(fromEnv.ok && fromEnv.flags.joinToken).toBe("sbj_env");
    const fromFlag = parseFlags([...base, "--join-token", "sbj_flag"], { SIGNALBOX_JOIN_TOKEN: "sbj_env" });
    expect(fromFlag.ok && fromFlag.flags.joinToken).toBe("sbj_flag");
    const none = parseFlags(base, {});
    expect(none.ok && none.flags.joinToken).toBeUndefined();
  });

  it("prefers --token over the environment and parses ports", () => {
    const r = parseFlags(
      [
        "--id",
        "n1",
        "--config",
        "s.json",
        "--token",
        "flag",
        "--listen",
        "0",
        "--admin-port",
        "9901",
        "--gateway",
        "edge",
        "--max-header-bytes",
        "32768",
      ],
      { SIGNALBOX_PROXY_TOKEN: "env" },
    );
    expect(r.ok && r.flags).toMatchObject({
      token: "flag",
      listen: 0,
      adminPort: 9901,
      gateway: "edge",
      config: "s.json",
      maxHeaderBytes: 32768,
    });
  });

  it.each([
    [["--console", "http://x"], /--id: is required/],
    [["--id", "n1", "--console", "http://x", "--listen", "70000"], /--listen: --listen must be 0..65535/],
    [["--id", "n 1", "--console", "http://x"], /--id: /],
    [["--id", "n1", "--console", "not a url"], /--console must be a URL/],
    [
      ["--id", "n1", "--console", "http://x", "--max-header-bytes", "10"],
      /--max-header-bytes: --max-header-bytes must be 1024..1048576/,
    ],
    [["--id", "n1"], /needs a source of configuration/],
    [["--id", "n1", "--console", "http://x", "--nope"], /Unknown option '--nope'/],
    [
      ["--id", "n1", "--console", "http://x", "--admin-port", "9901", "--admin-host", "0.0.0.0"],
      /--admin-token \(or SIGNALBOX_PROXY_ADMIN_TOKEN\) is required when the admin server listens on 0\.0\.0\.0/,
    ],
    [
      ["--id", "n1", "--console", "http://x", "--admin-port", "9901", "--admin-host", "::", "--admin-token", "short"],
      /--admin-token must be at least 8 characters/,
    ],
  ])("rejects %j", (argv, message) => {
    const r = parseFlags(argv, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("keeps the admin server on loopback whatever --host is, and off loopback takes the token from the env", () => {
    const local = parseFlags(["--id", "n1", "--console", "http://x", "--host", "0.0.0.0", "--admin-port", "1"], {});
    expect(local.ok && local.flags).toMatchObject({ host: "0.0.0.0", adminHost: "127.0.0.1", adminToken: undefined });
    const exposed = parseFlags(
      ["--id", "n1", "--console", "http://x", "--admin-port", "1", "--admin-host", "0.0.0.0"],
      {
        SIGNALBOX_PROXY_ADMIN_TOKEN: "from-the-env",
      },
    );
    expect(exposed.ok && exposed.flags).toMatchObject({ adminHost: "0.0.0.0", adminToken: "from-the-env" });
    // Without an admin server, no token is needed.
    expect(parseFlags(["--id", "n1", "--console", "http://x", "--admin-host", "0.0.0.0"], {}).ok).toBe(true);
  });
});

describe("file mode needs no --id", () => {
  it("a --config proxy defaults its id; a console proxy still needs one", () => {
    const file = parseFlags(["--config", "mesh.yaml"], {});
    expect(file.ok && file.flags.id).toBe("signalbox-proxy");
    const consoleProxy = parseFlags(["--console", "http://x"], {});
    expect(consoleProxy.ok).toBe(false);
  });
});
