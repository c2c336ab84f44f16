import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configPath, loadConfig, resolveConnection, saveConfig } from "@/lib/cli/config.ts";
import { CliError } from "@/lib/cli/errors.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sb-cli-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("configPath", () => {
  it("prefers SIGNALBOX_CONFIG, then XDG_CONFIG_HOME, then ~/.config", () => {
    expect(configPath({ SIGNALBOX_CONFIG: "/x/c.json", XDG_CONFIG_HOME: "/xdg", HOME: "/home/u" })).toBe("/x/c.json");
    expect(configPath({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/u" })).toBe("/xdg/signalbox/config.json");
    expect(configPath({ HOME: "/home/u" })).toBe("/home/u/.config/signalbox/config.json");
  });
});

describe("loadConfig / saveConfig", () => {
  it("reads a missing file as empty", () => {
    expect(loadConfig(path.join(dir, "none.json"))).toEqual({});
  });

  it("round-trips, creating directories, with mode 0600 even over an existing world-readable file", () => {
    const file = path.join(dir, "nested", "signalbox", "config.json");
    saveConfig(file, { server: "http://127.0.0.1:3000", token: "sb_secret", tokenId: "t1", username: "alice" });
    expect(loadConfig(file)).toEqual({
      server: "http://127.0.0.1:3000",
      token: "sb_secret",
      tokenId: "t1",
      username: "alice",
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "{}", { mode: 0o644 });
    saveConfig(file, { server: "http://h" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ server: "http://h" });
  });

  it("refuses malformed files instead of overwriting them", () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, "{not json");
    expect(() => loadConfig(file)).toThrow(CliError);
    writeFileSync(file, JSON.stringify({ token: 42 }));
    expect(() => loadConfig(file)).toThrow(/malformed: token/);
  });
});

describe("resolveConnection", () => {
  const stored = { server: "http://stored:3000/", token: "stored-token" };

  it("uses the stored server and token", () => {
    expect(resolveConnection({}, stored)).toEqual({ server: "http://stored:3000", token: "stored-token" });
  });

  it("lets env override the stored values, and the --server flag override env", () => {
    const env = { SIGNALBOX_SERVER: "http://env:1", SIGNALBOX_TOKEN: "env-token" };
    expect(resolveConnection(env, stored)).toEqual({ server: "http://env:1", token: "env-token" });
    expect(resolveConnection(env, stored, "http://flag:2")).toEqual({ server: "http://flag:2", token: "env-token" });
  });

  it("never sends the stored token to a server it was not issued by", () => {
    expect(resolveConnection({}, stored, "http://elsewhere:3000")).toEqual({
      server: "http://elsewhere:3000",
      token: undefined,
    });
  });

  it("explains a missing or bad server", () => {
    expect(() => resolveConnection({}, {})).toThrow(/signalbox login --server/);
    expect(() => resolveConnection({ SIGNALBOX_SERVER: "ftp://x" }, {})).toThrow(/http or https/);
  });
});
