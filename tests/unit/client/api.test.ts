import { afterEach, describe, expect, it, vi } from "vitest";
import { API_ERRORS, operations } from "@/lib/core/api/index.ts";
import { ApiClientError, call, exchange } from "@/lib/client/api.ts";

interface Seen {
  url: string;
  init: RequestInit;
}

function stubFetch(answer: () => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return answer();
  });
  return seen;
}

async function clientError(p: Promise<unknown>): Promise<ApiClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiClientError) return e;
    throw e;
  }
  throw new Error("expected an ApiClientError");
}

afterEach(() => vi.unstubAllGlobals());

describe("browser client", () => {
  it("calls the operation's path on the same origin with the session cookie", async () => {
    const seen = stubFetch(() => Response.json({ changeId: "c9" }, { status: 201 }));
    expect(await call(operations.rollback, { params: { version: 4 } })).toEqual({ changeId: "c9" });
    expect(seen[0]!.url).toBe("/api/versions/4/rollback");
    expect(seen[0]!.init).toMatchObject({ method: "POST", credentials: "same-origin", cache: "no-store" });
  });

  it("gives import's status with its report, a 422 included", async () => {
    const report = { ok: false, documents: [], issues: [], diff: [], changeId: null };
    stubFetch(() => Response.json(report, { status: 422 }));
    expect(await exchange(operations.importYaml, { body: { yaml: "x" }, acceptStatus: [422] })).toEqual({
      status: 422,
      data: report,
    });
  });

  it("turns an API error body into an ApiClientError with the server's code and issues", async () => {
    const issues = [{ path: ["proposed", "routes", 0], message: "weights sum to 90", code: "SB101" }];
    stubFetch(() => Response.json({ error: { code: "INVALID_CONFIG", message: "invalid", issues } }, { status: 400 }));
    const e = await clientError(call(operations.submitChange, { params: { id: "c" } }));
    expect([e.status, e.code, e.message, e.issues]).toEqual([400, API_ERRORS.INVALID_CONFIG.code, "invalid", issues]);
  });

  it("uses the catalogue's client-side codes when there is no API error to read", async () => {
    stubFetch(() => new Response("<html>Bad Gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const gateway = await clientError(call(operations.listChanges));
    expect([gateway.status, gateway.code]).toEqual([502, API_ERRORS.UNEXPECTED_STATUS.code]);
    expect(gateway.message).toBe("<html>Bad Gateway</html>");

    stubFetch(() => Response.json({ changes: "none" }));
    const shape = await clientError(call(operations.listChanges));
    expect([shape.status, shape.code, shape.message]).toEqual([
      200,
      API_ERRORS.BAD_RESPONSE.code,
      "Unexpected response from /api/changes",
    ]);
    expect(shape.issues.map((i) => i.path)).toEqual([["changes"]]);

    stubFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    const down = await clientError(call(operations.listChanges));
    expect([down.status, down.code, down.message]).toEqual([
      0,
      API_ERRORS.NETWORK.code,
      "Network error: Failed to fetch",
    ]);
  });

  it("lets an aborted request's AbortError through, so it is not shown as a failure", async () => {
    const abort = new DOMException("The operation was aborted.", "AbortError");
    stubFetch(() => {
      throw abort;
    });
    await expect(call(operations.listChanges)).rejects.toBe(abort);
  });
});
