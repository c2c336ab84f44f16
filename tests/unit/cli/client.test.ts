import { describe, expect, it } from "vitest";
import { operations } from "@/lib/core/api/index.ts";
import { ApiClient } from "@/lib/cli/client.ts";
import { CliError, EXIT_ERROR, EXIT_INVALID } from "@/lib/cli/errors.ts";

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body: unknown, seen: Seen[] = [], contentType = "application/json"): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": contentType },
    });
  }) as typeof fetch;
}

const caught = async (p: Promise<unknown>): Promise<CliError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error("expected a CliError");
};

describe("ApiClient", () => {
  it("builds the URL from the operation's path and query, and sends the bearer token", async () => {
    const seen: Seen[] = [];
    const client = new ApiClient("http://h:1", "sb_tok", fakeFetch(200, "kind: X\n", seen, "application/yaml"));
    const text = await client.call(operations.exportYaml, {
      query: { format: "istio", service: "reviews", version: undefined },
    });
    expect(text).toBe("kind: X\n");
    expect(seen[0]!.url).toBe("http://h:1/api/export?format=istio&service=reviews");
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer sb_tok");
    await new ApiClient("http://h:1", "t", fakeFetch(201, { changeId: "c1" }, seen)).call(operations.rollback, {
      params: { version: 3 },
    });
    expect(seen[1]!.url).toBe("http://h:1/api/versions/3/rollback");
    expect(seen[1]!.init.method).toBe("POST");
  });

  it("parses JSON responses with the registry's schema (defaults applied) and rejects mismatches", async () => {
    const ok = new ApiClient(
      "http://h",
      "t",
      fakeFetch(200, {
        ok: true,
        documents: [],
        issues: [],
        diff: [{ kind: "added", entity: "route", name: "r", summary: "s" }],
        changeId: null,
      }),
    );
    const res = await ok.call(operations.importYaml, { body: { yaml: "a: 1" } });
    expect(res.diff[0]!.path).toEqual([]);
    const bad = new ApiClient("http://h", "t", fakeFetch(200, { ok: "yes" }));
    const e = await caught(bad.call(operations.importYaml, { body: { yaml: "a: 1" } }));
    expect(e.message).toMatch(/unexpected response/);
    expect(e.exitCode).toBe(EXIT_ERROR);
  });

  it("checks the request body before sending it", async () => {
    const seen: Seen[] = [];
    const client = new ApiClient("http://h", "t", fakeFetch(200, {}, seen));
    const e = await caught(client.call(operations.importYaml, { body: { yaml: "" } }));
    expect(e.message).toMatch(/invalid request: yaml: is required/);
    expect(seen).toHaveLength(0);
  });

  it("maps ApiError bodies: validation failures exit 2 with their issues, others exit 1", async () => {
    const invalid = {
      error: {
        code: "INVALID_CONFIG",
        message: "The change cannot be approved",
        issues: [{ path: ["routes", 0], message: "weights sum to 110", code: "SB101", severity: "error" }],
      },
    };
    const e = await caught(
      new ApiClient("http://h", "t", fakeFetch(400, invalid)).call(operations.approveChange, {
        params: { id: "c" },
        body: {},
      }),
    );
    expect(e.exitCode).toBe(EXIT_INVALID);
    expect(e.message).toBe("The change cannot be approved");
    expect(e.details).toEqual(["  error SB101: routes.0: weights sum to 110"]);
    const conflict = { error: { code: "CONFLICT", message: "Cannot approve a change that is DRAFT", issues: [] } };
    const c = await caught(
      new ApiClient("http://h", "t", fakeFetch(409, conflict)).call(operations.approveChange, {
        params: { id: "c" },
        body: {},
      }),
    );
    expect(c.exitCode).toBe(EXIT_ERROR);
  });

  it("returns the body of an accepted error status (import's 422 report) instead of failing", async () => {
    const report = {
      ok: false,
      documents: [
        { index: 0, kind: "", name: "", status: "invalid", issues: [{ path: [], message: "bad", line: 2, column: 3 }] },
      ],
      issues: [],
      diff: [],
      changeId: null,
    };
    const client = new ApiClient("http://h", "t", fakeFetch(422, report));
    expect(await client.call(operations.importYaml, { body: { yaml: "x" }, acceptStatus: [422] })).toMatchObject({
      ok: false,
      documents: [{ status: "invalid" }],
    });
    await expect(client.call(operations.importYaml, { body: { yaml: "x" } })).rejects.toThrow(/HTTP 422/);
  });

  it("does not dump an HTML 404 page into the terminal", async () => {
    const e = await caught(
      new ApiClient("http://h", "t", fakeFetch(404, "<!DOCTYPE html><html>…</html>", [], "text/html")).call(
        operations.importYaml,
        { body: { yaml: "a: 1" } },
      ),
    );
    expect(e.message).toBe("POST /api/import: HTTP 404 from http://h (not found: is the console older than this CLI?)");
  });

  it("tells the user to log in on 401", async () => {
    const body = { error: { code: "UNAUTHENTICATED", message: "Sign in first", issues: [] } };
    expect(
      (await caught(new ApiClient("http://h", undefined, fakeFetch(401, body)).call(operations.listChanges))).message,
    ).toMatch(/run `signalbox login` first/);
    expect(
      (await caught(new ApiClient("http://h", "old", fakeFetch(401, body)).call(operations.listChanges))).message,
    ).toMatch(/revoked/);
  });

  it("reports an unreachable server by its URL", async () => {
    const down = (async () => {
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    }) as typeof fetch;
    expect((await caught(new ApiClient("http://127.0.0.1:9", "t", down).call(operations.health))).message).toBe(
      "cannot reach http://127.0.0.1:9: ECONNREFUSED",
    );
  });
});
