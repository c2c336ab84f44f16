import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { API_ERRORS, ApiErrorSchema, operations, type Operation } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";

// handle() boots the console (migrations, seed) before the first request; these tests need no database.
vi.mock("@/lib/server/boot.ts", () => ({ ensureReady: async () => {} }));

/** A public operation with the registry's version parameter, so no credentials are involved. */
const versionOp = {
  id: "versionEcho",
  method: "GET",
  path: "/test/{version}",
  summary: "echo",
  access: "public",
  params: operations.rollback.params,
  response: z.object({ version: z.number(), type: z.string() }),
} as const satisfies Operation;

const echo = handle(versionOp, ({ params }) => ({ version: params.version, type: typeof params.version }));
const request = () => new Request("http://console/test/x");
const withParams = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe("handle(): path parameters", () => {
  it("hands the handler the parameters parsed by the operation's schema", async () => {
    const res = await echo(request(), withParams({ version: "12" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: 12, type: "number" });
  });

  it.each(["abc", "0", "-3", "1.5"])("answers version=%s with 400 INVALID_PARAM naming the parameter", async (raw) => {
    const res = await echo(request(), withParams({ version: raw }));
    expect(res.status).toBe(400);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe(API_ERRORS.INVALID_PARAM.code);
    expect(body.error.message).toBe("Invalid path parameter: version: must be a positive integer");
    expect(body.error.issues).toEqual([
      { path: ["version"], message: "must be a positive integer", code: "SB001", severity: "error" },
    ]);
  });

  it("does not call the handler when a parameter is invalid", async () => {
    const fn = vi.fn(() => ({ version: 1, type: "number" }));
    const res = await handle(versionOp, fn)(request(), withParams({}));
    expect(res.status).toBe(400);
    expect(ApiErrorSchema.parse(await res.json()).error.issues[0]!.path).toEqual(["version"]);
    expect(fn).not.toHaveBeenCalled();
  });
});
