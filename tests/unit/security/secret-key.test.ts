import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

/** secretKeyMaterial() reads env once per process; each case loads fresh modules with its own environment. */
async function load(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  delete (globalThis as { __signalboxSecretKey?: string }).__signalboxSecretKey;
  return import("@/lib/server/security/secret-key.ts");
}

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as { __signalboxSecretKey?: string }).__signalboxSecretKey;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the sealing key", () => {
  it("is refused missing on a console reachable from other machines", async () => {
    const m = await load({ SIGNALBOX_SECRET_KEY: "", SIGNALBOX_BIND_HOST: "0.0.0.0" });
    expect(() => m.secretKeyMaterial()).toThrow(/SIGNALBOX_SECRET_KEY is not set/);
    try {
      m.secretKeyMaterial();
    } catch (error) {
      expect(m.isSecretKeyMissing(error)).toBe(true);
    }
  });

  it("comes from SIGNALBOX_SECRET_KEY when set, exposed or not", async () => {
    const key = "k".repeat(40);
    const m = await load({ SIGNALBOX_SECRET_KEY: key, SIGNALBOX_BIND_HOST: "0.0.0.0" });
    expect(m.secretKeyMaterial()).toBe(key);
  });

  it("is generated once into a 0600 file beside the data dir on a loopback-only console", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-key-"));
    dirs.push(dir);
    const env = {
      SIGNALBOX_SECRET_KEY: "",
      SIGNALBOX_BIND_HOST: "127.0.0.1",
      SIGNALBOX_DATA_DIR: path.join(dir, "pglite"),
    };
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const m = await load(env);
    const key = m.secretKeyMaterial();
    const file = path.join(dir, "pglite.secret-key");
    expect(m.generatedKeyFile()).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(key);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`Generated a secret-sealing key in ${file}`));
    // A restart reads the same key.
    const again = await load(env);
    expect(again.secretKeyMaterial()).toBe(key);
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
  });
});
