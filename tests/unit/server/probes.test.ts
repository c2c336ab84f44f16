/** The console's HTTP and TCP checks refuse link-local and metadata targets, and still reach ordinary ones. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpProbe, tcpProbe } from "@/lib/server/registry/probes.ts";

let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("health check probes", () => {
  it("refuses a metadata address without connecting", async () => {
    const r = await httpProbe("http://169.254.169.254/latest/meta-data/", "GET", 2000);
    expect(r).toEqual({
      status: "critical",
      output:
        "HTTP GET http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is link-local (169.254.0.0/16, cloud metadata)",
    });
    // The IPv4-mapped spelling, which URL parsing turns into [::ffff:a9fe:a9fe], is the same address.
    const mapped = await httpProbe("http://[::ffff:169.254.169.254]/latest/meta-data/", "GET", 2000);
    expect(mapped.status).toBe("critical");
    expect(mapped.output).toContain("refused: ::ffff:a9fe:a9fe is link-local");
    const t = await tcpProbe("[fe80::1]:80", 2000);
    expect(t.status).toBe("critical");
    expect(t.output).toBe("TCP connect [fe80::1]:80: refused: fe80::1 is link-local (fe80::/10)");
  });

  it("reaches a loopback service by name and by address", async () => {
    expect((await httpProbe(`http://localhost:${port}/health`, "GET", 2000)).status).toBe("passing");
    expect((await tcpProbe(`localhost:${port}`, 2000)).status).toBe("passing");
    expect((await tcpProbe(`127.0.0.1:${port}`, 2000)).status).toBe("passing");
  });
});
