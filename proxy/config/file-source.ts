import { readFile, stat } from "node:fs/promises";
import { standaloneSnapshot } from "../../lib/core/yaml/standalone.ts";
import type { Logger } from "../log.ts";
import type { ApplyResult } from "./active-config.ts";

/**
 * Snapshot JSON, or Istio / Gateway API YAML compiled in-process, from a file re-read when its mtime or
 * size changes. YAML gets a new version number on every change, so the proxy treats it as an update. Polling (not fs.watch) because editors
 * and config tools replace files by rename, which fs.watch reports unreliably across platforms.
 */
export function startFileSource(
  file: string,
  apply: (raw: unknown) => ApplyResult,
  log: Logger,
  intervalMs = 250,
): { ready: Promise<void>; stop(): void } {
  let lastSig = "";
  let yamlVersion = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    try {
      const st = await stat(file);
      const sig = `${st.mtimeMs}:${st.size}`;
      if (sig === lastSig) return;
      lastSig = sig;
      const loaded = standaloneSnapshot(await readFile(file, "utf8"), ++yamlVersion);
      if (!loaded.ok) return void log.error("config file rejected", { file, error: loaded.error });
      for (const warning of loaded.warnings) log.warn("config file", { file, warning });
      const res = apply(loaded.raw);
      if (res.ok) {
        if (!res.unchanged) log.info("config file applied", { file, version: res.version });
      } else log.error("config file rejected", { file, error: res.error });
    } catch (e) {
      log.error("config file unreadable", { file, error: String(e) });
    }
  };
  // check() catches and logs whatever goes wrong, so neither the loop nor `ready` can reject.
  const next = () => {
    if (!stopped) timer = setTimeout(() => void check().then(next), intervalMs);
  };
  const ready = check().then(next);
  return {
    ready,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
