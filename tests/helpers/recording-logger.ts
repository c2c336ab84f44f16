import type { Logger } from "../../proxy/log.ts";

export interface LoggedEvent {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  fields: Record<string, unknown>;
}

/** A proxy logger that prints nothing and keeps every event, so a test can wait for the one it expects. */
export function recordingLogger(): { log: Logger; events: LoggedEvent[]; count(msg: string): number } {
  const events: LoggedEvent[] = [];
  const at =
    (level: LoggedEvent["level"]) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void events.push({ level, msg, fields });
  return {
    log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    events,
    count: (msg) => events.filter((e) => e.msg === msg).length,
  };
}
