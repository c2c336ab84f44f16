import { describe, expect, it } from "vitest";
import {
  ApiCaller,
  operations,
  operationUrl,
  type CallFailure,
  type WireRequest,
  type WireResponse,
} from "@/lib/core/api/index.ts";

interface Sent {
  url: string;
  request: WireRequest;
}

const reply = (status: number, body: unknown, statusText = ""): WireResponse => ({
  status,
  statusText,
  headers: { get: () => null },
  text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
});

class Failed extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure.kind);
  }
}

/** A caller whose transport answers `res` and records what was sent; failures come back as `Failed`. */
function caller(res: WireResponse | (() => never), opts: { checkRequest?: boolean } = {}) {
  const sent: Sent[] = [];
  const api = new ApiCaller({
    baseUrl: "http://console:3000",
    checkRequest: opts.checkRequest,
    transport: async (url, request) => {
      sent.push({ url, request });
      return typeof res === "function" ? res() : res;
    },
    toError: (failure) => new Failed(failure),
  });
  return { api, sent };
}

async function failureOf(p: Promise<unknown>): Promise<CallFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Failed) return e.failure;
    throw e;
  }
  throw new Error("expected the call to fail");
}

const change = {
  id: "c1",
  title: "t",
  description: "",
  status: "DRAFT",
  author: { id: "u", username: "alice", displayName: "Alice" },
  approver: null,
  baseVersion: 1,
  producedVersion: null,
  createdAt: "2024-01-01T00:00:00.000Z",
  updatedAt: "2024-01-01T00:00:00.000Z",
  submittedAt: null,
  decidedAt: null,
  rolledOutAt: null,
  decisionNote: null,
  revision: 1,
  proposed: { services: [], gateways: [], routes: [] },
  issues: [],
  diff: [],
  stale: false,
};

describe("operationUrl", () => {
  it("fills and encodes the path parameters from the operation's path", () => {
    expect(operationUrl(operations.getChange, { params: { id: "a/b c" } })).toBe("/api/changes/a%2Fb%20c");
    expect(operationUrl(operations.rollback, { params: { version: 7 } })).toBe("/api/versions/7/rollback");
  });

  it("adds the query, leaving out empty values and encoding the rest", () => {
    expect(
      operationUrl(operations.exportYaml, {
        query: { format: "istio", service: "a&b", version: undefined, change: "" },
      }),
    ).toBe("/api/export?format=istio&service=a%26b");
    expect(operationUrl(operations.listChanges, {})).toBe("/api/changes");
  });

  it("refuses to build a path with a parameter missing", () => {
    expect(() => operationUrl(operations.getChange, {})).toThrow("getChange: missing path parameter id");
  });
});

describe("ApiCaller", () => {
  it("sends the operation's method, JSON body and accept header to baseUrl + path", async () => {
    const { api, sent } = caller(reply(200, change));
    const detail = await api.call(operations.approveChange, { params: { id: "c1" }, body: { note: "ok" } });
    expect(detail.id).toBe("c1");
    expect(sent).toEqual([
      {
        url: "http://console:3000/api/changes/c1/approve",
        request: {
          method: "POST",
          headers: { accept: "application/json", "content-type": "application/json" },
          body: '{"note":"ok"}',
        },
      },
    ]);
  });

  it("sends no body for an operation without one, but declares JSON (the CSRF check), and extra headers as given", async () => {
    const { api, sent } = caller(reply(200, { ok: true }));
    await api.call(operations.logout, { headers: { cookie: "sb_session=x" } });
    expect(sent[0]!.request).toEqual({
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", cookie: "sb_session=x" },
      body: undefined,
    });
  });

  it("declares no content type on a GET", async () => {
    const { api, sent } = caller(reply(200, { changes: [] }));
    await api.call(operations.listChanges);
    expect(sent[0]!.request.headers).toEqual({ accept: "application/json" });
  });

  it("returns a text operation's body as text, asking for its media type", async () => {
    const { api, sent } = caller(reply(200, "kind: VirtualService\n"));
    expect(await api.call(operations.exportYaml, { query: { format: "istio" } })).toBe("kind: VirtualService\n");
    expect(sent[0]!.request.headers.accept).toBe("application/yaml");
  });

  it("maps an API error body to api-error with its code, message and issues", async () => {
    const body = {
      error: {
        code: "INVALID_CONFIG",
        message: "invalid",
        issues: [{ path: ["routes", 0], message: "weights", code: "SB101" }],
      },
    };
    const { api } = caller(reply(400, body));
    expect(await failureOf(api.call(operations.submitChange, { params: { id: "c" } }))).toEqual({
      kind: "api-error",
      status: 400,
      error: body.error,
    });
  });

  it("maps an error status without an API error body to unexpected-status, keeping the text", async () => {
    const { api } = caller(reply(502, "<html>Bad Gateway</html>", "Bad Gateway"));
    expect(await failureOf(api.call(operations.listChanges))).toEqual({
      kind: "unexpected-status",
      status: 502,
      statusText: "Bad Gateway",
      text: "<html>Bad Gateway</html>",
    });
  });

  it("treats an error body whose code is not in the catalogue as unexpected-status", async () => {
    const { api } = caller(reply(400, { error: { code: "NO_SUCH_CODE", message: "m", issues: [] } }));
    expect((await failureOf(api.call(operations.listChanges))).kind).toBe("unexpected-status");
  });

  it("maps a success whose body is not JSON, or does not match the schema, to not-json / bad-response", async () => {
    expect(await failureOf(caller(reply(200, "<html>")).api.call(operations.listChanges))).toEqual({
      kind: "not-json",
      status: 200,
    });
    const bad = await failureOf(caller(reply(200, { changes: "none" })).api.call(operations.listChanges));
    expect(bad).toMatchObject({ kind: "bad-response", status: 200, issues: [{ path: ["changes"], code: "SB001" }] });
  });

  it("maps a transport that throws to unreachable, with the cause", async () => {
    const cause = new TypeError("fetch failed");
    const { api } = caller(() => {
      throw cause;
    });
    expect(await failureOf(api.call(operations.health))).toEqual({ kind: "unreachable", cause });
  });

  it("returns the body and status of an accepted error status", async () => {
    const report = { ok: false, documents: [], issues: [], diff: [], changeId: null };
    const { api } = caller(reply(422, report));
    expect(await api.exchange(operations.importYaml, { body: { yaml: "x" }, acceptStatus: [422] })).toEqual({
      status: 422,
      data: report,
    });
    expect(await failureOf(api.call(operations.importYaml, { body: { yaml: "x" } }))).toMatchObject({
      kind: "unexpected-status",
      status: 422,
    });
  });

  it("checks the body before sending only when asked to", async () => {
    const strict = caller(reply(200, {}), { checkRequest: true });
    expect(await failureOf(strict.api.call(operations.importYaml, { body: { yaml: "" } }))).toMatchObject({
      kind: "invalid-request",
      issues: [{ path: ["yaml"], message: "is required" }],
    });
    expect(strict.sent).toHaveLength(0);
    const lenient = caller(reply(400, { error: { code: "INVALID_BODY", message: "m", issues: [] } }));
    await failureOf(lenient.api.call(operations.importYaml, { body: { yaml: "" } }));
    expect(lenient.sent).toHaveLength(1);
  });

  it("types each call by its operation: params and body are required where the entry has them", () => {
    const { api } = caller(reply(200, {}));
    // Only the types are under test here; the promises are discarded unawaited on purpose.
    const typeOnly = (p: Promise<unknown>) => void p.catch(() => undefined);
    // @ts-expect-error getChange has an {id} path parameter
    typeOnly(api.call(operations.getChange));
    // @ts-expect-error a version is a number
    typeOnly(api.call(operations.rollback, { params: { version: "3" } }));
    // @ts-expect-error approveChange takes a body
    typeOnly(api.call(operations.approveChange, { params: { id: "c" } }));
    typeOnly(api.call(operations.listChanges));
  });
});
