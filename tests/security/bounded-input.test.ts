/**
 * Issue 9, item 6: bounded input. Bodies are refused with 413 before the rest is read (Content-Length first,
 * then counted while streaming); a YAML import is bounded in documents, keys, depth, aliases and time, runs
 * off the main thread (health keeps answering), and reports failures as 4xx with the document and line;
 * `next=` after sign-in is a same-origin path only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, login, partialUpload, send, startTestConsole, type TestConsole } from "./helpers.ts";

let c: TestConsole;
let alice: ReturnType<typeof asUser>;

beforeAll(async () => {
  c = await startTestConsole();
  alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
});
afterAll(() => c?.close());

const MiB = 1024 * 1024;
const json = { "content-type": "application/json" };

describe("request bodies", () => {
  it("answers a 64 MiB login body with 413 after 256 KiB, without waiting for the rest", async () => {
    const r = await partialUpload(`${c.url}/api/auth/login`, {
      headers: json,
      declared: 64 * MiB,
      sent: 256 * 1024,
      waitMs: 5000,
    });
    expect(r.status).toBe(413);
  });

  it("counts a chunked body while reading it: 413 once past the limit", async () => {
    const r = await partialUpload(`${c.url}/api/auth/login`, { headers: json, sent: 1 * MiB, waitMs: 5000 });
    expect(r.status).toBe(413);
  });

  it("limits an import to 2 MiB and other calls to 1 MiB", async () => {
    const imp = await alice("POST", "/api/import", { yaml: "x".repeat(2 * MiB + 10), dryRun: true });
    expect(imp.status).toBe(413);
    expect(imp.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    const change = await alice("POST", "/api/changes", { title: "big", description: "y".repeat(1 * MiB + 10) });
    expect(change.status).toBe(413);
  });
});

/** A dry-run import; its answer must be a report (4xx), never a 500. */
const importYaml = (yaml: string) => alice("POST", "/api/import", { yaml, dryRun: true });

describe("hostile YAML", () => {
  it("refuses alias expansion (billion laughs) with 422, the document and the line", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(", ")}]`,
      );
    }
    const res = await importYaml(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join("\n")}\n`,
    );
    expect(res.status, res.text).toBe(422);
    const issue = res.json.documents[0].issues[0];
    expect(res.json.documents[0].index).toBe(0);
    expect(issue.message).toMatch(/refused/);
    expect(issue.line).toBeGreaterThan(1);
  });

  it("refuses nesting 10,000 levels deep with 422 and a line", async () => {
    const res = await importYaml(`${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    expect(res.status, res.text).toBe(422);
    expect(res.json.documents[0].issues[0]).toMatchObject({ line: 1, message: expect.stringMatching(/nested deeper/) });
  });

  it("refuses more than 1,000 documents with 422 naming the first one too many", async () => {
    const res = await importYaml(Array.from({ length: 1200 }, (_, i) => `k: ${i}\n`).join("---\n"));
    expect(res.status, res.text).toBe(422);
    expect(res.json.documents[0]).toMatchObject({ index: 1000, status: "invalid" });
  });

  it("refuses more than 100 aliases", async () => {
    const res = await importYaml(`a: &a 1\nb: [${Array(150).fill("*a").join(", ")}]\n`);
    expect(res.status, res.text).toBe(422);
    expect(res.json.documents[0].issues[0].message).toMatch(/aliases/);
  });

  it("keeps /api/health answering within 100 ms while a hostile 2 MB document is imported", async () => {
    // Just inside every bound: 900 VirtualServices (seconds of CPU to convert and validate), padded with
    // comments to 2 MB.
    const docs = Array.from(
      { length: 900 },
      (_, i) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs${i}}
spec:
  hosts: [h${i}.example.com]
  http:
  - match: [{uri: {regex: "^/a${i}/.*"}}]
    route: [{destination: {host: reviews.demo.svc.cluster.local, subset: v1}, weight: 100}]
${`# ${"padding ".repeat(20)}\n`.repeat(12)}`,
    );
    const yaml = docs.join("---\n");
    expect(yaml.length).toBeGreaterThan(1_900_000);
    const importing = importYaml(yaml);
    let done = false;
    void importing.finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      expect((await send(`${c.url}/api/health`)).status).toBe(200);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
    const res = await importing;
    expect(res.status).toBeLessThan(500);
    expect(latencies.length, "health was polled while the import ran").toBeGreaterThan(5);
    // The old console parsed on the event loop: answers waited seconds. On a shared 2-core machine (load ~10)
    // even an idle loop sees 100+ ms scheduling hiccups, so: 90 % within 100 ms and none near a second.
    const sorted = [...latencies].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
    const report = `health latencies (ms): ${latencies.map((ms) => ms.toFixed(0)).join(", ")}`;
    expect(p90, report).toBeLessThan(100);
    expect(sorted.at(-1)!, report).toBeLessThan(1000);
  });
});

describe("next= after sign-in", () => {
  const nextProp = async (next: string) => {
    const res = await send(`${c.url}/login?next=${encodeURIComponent(next)}`);
    expect(res.status).toBe(200);
    return /\\"next\\":\\"([^"\\]*)\\"/.exec(res.text)?.[1] ?? /"next":"([^"]*)"/.exec(res.text)?.[1];
  };

  it.each(["//evil.example/x", "/\\evil.example", "/\t/evil.example", "https://evil.example", "javascript:alert(1)"])(
    "sends %j to /topology instead",
    async (next) => {
      expect(await nextProp(next)).toBe("/topology");
    },
  );

  it("keeps a same-origin path with its query", async () => {
    expect(await nextProp("/changes?status=PENDING")).toBe("/changes?status=PENDING");
  });
});
