/**
 * Issue 9, item 15: data integrity. Approval checks run under the publish lock, so two changes based on the
 * same version never both roll out and approving an approved change is a 409, not a 500; draft updates carry
 * a revision and a stale one is a 409; an import's base version is the version of the mesh it merged into.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { MeshConfig } from "@/lib/core/index.ts";
import { asUser, login, startTestConsole, type TestConsole } from "./helpers.ts";

type IstioSpec = { http: { route: { destination: { subset: string }; weight: number }[] }[] };

let c: TestConsole;
let alice: ReturnType<typeof asUser>;
let bob: ReturnType<typeof asUser>;
let carol: ReturnType<typeof asUser>;

beforeAll(async () => {
  c = await startTestConsole();
  alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
  carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
  bob = asUser(c, (await login(c, "bob", "bob-approver-pw")).cookie);
});
afterAll(() => c?.close());

const latest = async () => (await alice("GET", "/api/versions")).json.versions[0].version as number;

/** A pending change by `author` that sets the reviews split to v1/v2 = `v1`/100-`v1`. */
async function pendingSplit(author: typeof alice, v1: number): Promise<string> {
  const mesh = (await author("GET", "/api/mesh")).json.mesh as MeshConfig;
  const rule = mesh.routes.find((r) => r.name === "reviews")!.rules[0]!;
  for (const d of rule.destinations) d.weight = d.version === "v1" ? v1 : d.version === "v2" ? 100 - v1 : 0;
  const created = await author("POST", "/api/changes", { title: `split ${v1}`, proposed: mesh });
  expect(created.status, created.text).toBe(201);
  expect((await author("POST", `/api/changes/${created.json.id}/submit`)).status).toBe(200);
  return created.json.id as string;
}

describe("approvals under the publish lock", () => {
  it("never rolls out two changes based on the same version: the second is 409", async () => {
    for (let round = 0; round < 3; round++) {
      const before = await latest();
      const one = await pendingSplit(alice, 10 + round);
      const two = await pendingSplit(carol, 60 + round);
      const answers = await Promise.all([
        bob("POST", `/api/changes/${one}/approve`, { note: "" }),
        bob("POST", `/api/changes/${two}/approve`, { note: "" }),
      ]);
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join("\n")).toEqual([200, 409]);
      expect(await latest()).toBe(before + 1);
    }
  });

  it("answers a concurrent second approval of the same change with 409, not 500", async () => {
    for (let round = 0; round < 3; round++) {
      const before = await latest();
      const id = await pendingSplit(alice, 30 + round);
      const answers = await Promise.all([
        bob("POST", `/api/changes/${id}/approve`, { note: "" }),
        carol("POST", `/api/changes/${id}/approve`, { note: "" }),
      ]);
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join("\n")).toEqual([200, 409]);
      expect(await latest()).toBe(before + 1);
      expect((await bob("POST", `/api/changes/${id}/approve`, { note: "" })).status).toBe(409);
    }
  });
});

describe("draft revisions", () => {
  it("refuses an update based on an older revision with 409 STALE_REVISION", async () => {
    const draft = (await alice("GET", "/api/changes/draft")).json;
    const first = await alice("PUT", `/api/changes/${draft.id}`, { revision: draft.revision, title: "first" });
    expect(first.status, first.text).toBe(200);
    expect(first.json.revision).toBe(draft.revision + 1);
    const stale = await alice("PUT", `/api/changes/${draft.id}`, { revision: draft.revision, title: "second" });
    expect(stale.status, stale.text).toBe(409);
    expect(stale.json.error.code).toBe("STALE_REVISION");
    expect((await alice("GET", `/api/changes/${draft.id}`)).json.title).toBe("first");
    const missing = await alice("PUT", `/api/changes/${draft.id}`, { title: "no revision" });
    expect(missing.status).toBe(400);
  });
});

describe("imports", () => {
  it("record the base version of the mesh they merged into, also while changes roll out", async () => {
    const yaml = (i: number) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: imported-${i}}
spec:
  hosts: [imported-${i}.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: 10.0.0.${i}}]
`;
    for (let i = 1; i <= 4; i++) {
      const pending = await pendingSplit(carol, 20 + i);
      const [imported, approved] = await Promise.all([
        alice("POST", "/api/import", { yaml: yaml(i), title: `import ${i}` }),
        bob("POST", `/api/changes/${pending}/approve`, { note: "" }),
      ]);
      expect(approved.status, approved.text).toBe(200);
      expect(imported.status, imported.text).toBe(201);
      const change = (await alice("GET", `/api/changes/${imported.json.changeId}`)).json;
      // The proposal is the base version's mesh plus the import: its reviews split is that version's.
      const exported = await alice("GET", `/api/export?version=${change.baseVersion}`);
      const v1 = (mesh: MeshConfig) =>
        mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations.find((d) => d.version === "v1")!.weight;
      const vs = parseAllDocuments(exported.text)
        .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: IstioSpec })
        .find((o) => o.kind === "VirtualService" && o.metadata?.name === "reviews")!;
      const exportedV1 = vs.spec!.http[0]!.route.find((r) => r.destination.subset === "v1")!.weight;
      expect(v1(change.proposed), `base version ${change.baseVersion}`).toBe(exportedV1);
      await alice("POST", `/api/changes/${change.id}/discard`);
    }
  });
});
