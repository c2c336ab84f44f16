import { operations } from "../../core/api/index.ts";
import { TapSampleSchema, type TapFilter, type TapSample } from "../../core/protocol/tap.ts";
import { OUTPUT_OPTION, positionals, positiveInt, stringFlag, type Values } from "../args.ts";
import type { Command } from "../command.ts";
import { EXIT_OK, UsageError } from "../errors.ts";

export const tap: Command = {
  name: "tap",
  summary: "Watch live requests as proxies sample them (like linkerd tap)",
  usage: "[ROUTE] [--status 5xx|503] [--path PREFIX] [--header NAME=VALUE] [--rate N] [--duration S] [-o json]",
  help: `Opens a live tap: every proxy samples the requests that match (all filters must match) and the console
streams them here until --duration ends or you press Ctrl-C (which closes the tap). Nothing is sampled while no
tap is open. Samples never carry bodies; authorization and cookie header values read REDACTED.

Flags:
  ROUTE                 a route name (all its rules) or one rule (route#rule)
      --status S        a status class (2xx … 5xx) or code (503)
      --path PREFIX     the request path starts with PREFIX (the query is never sampled)
      --header N=V      a request header N equal to V
      --rate N          most samples per second from each proxy (1-100, default 10)
      --duration S      seconds until the tap closes by itself (5-600, default 60)
  -o, --output FORMAT   table (default: one line a request) or json (one sample object a line)`,
  options: {
    ...OUTPUT_OPTION,
    status: { type: "string" },
    path: { type: "string" },
    header: { type: "string" },
    rate: { type: "string" },
    duration: { type: "string" },
  },
  async run({ io, args, client }) {
    const [route] = positionals(args, [], 1);
    const json = stringFlag(args.values, "output") === "json";
    const api = client();
    const session = await api.call(operations.createTap, {
      body: {
        filter: filterOf(route, args.values),
        ratePerSecond: optionalInt(args.values, "rate"),
        durationSeconds: optionalInt(args.values, "duration"),
      },
    });
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    if (!json) io.err(`tap ${session.id} open until ${session.expiresAt}; Ctrl-C to stop\n`);
    try {
      const res = await api.send(operations.tapEvents, { params: { id: session.id } });
      for await (const e of serverSentEvents(res, stop.signal)) {
        if (e.event === "end") {
          if (!json) io.err(`tap ended (${(JSON.parse(e.data) as { reason: string }).reason})\n`);
          break;
        }
        if (e.event !== "sample") continue;
        const s = TapSampleSchema.parse(JSON.parse(e.data));
        io.out(json ? `${JSON.stringify(s)}\n` : `${sampleLine(s)}\n`);
      }
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    } finally {
      process.off("SIGINT", onSignal);
      // Closing the stream closes the tap; say so explicitly too (the stream may have ended on its own).
      await api.call(operations.stopTap, { params: { id: session.id } }).catch(() => undefined);
    }
    return EXIT_OK;
  },
};

function optionalInt(values: Values, name: string): number | undefined {
  const v = stringFlag(values, name);
  return v === undefined ? undefined : positiveInt(v, `--${name}`);
}

function filterOf(route: string | undefined, values: Values): TapFilter {
  const filter: TapFilter = {};
  if (route) filter.route = route;
  const status = stringFlag(values, "status");
  if (status) filter.status = status;
  const path = stringFlag(values, "path");
  if (path) filter.pathPrefix = path;
  const header = stringFlag(values, "header");
  if (header) {
    const eq = header.indexOf("=");
    if (eq <= 0) throw new UsageError(`--header must be NAME=VALUE (got "${header}")`);
    filter.header = { name: header.slice(0, eq), value: header.slice(eq + 1) };
  }
  return filter;
}

/** One line a request, in the spirit of `linkerd tap`. */
export function sampleLine(s: TapSample): string {
  const time = new Date(s.at).toISOString().slice(11, 23);
  return `${time} ${s.proxy} ${s.method} ${s.authority}${s.path} ${s.status} ${s.latencyMs.toFixed(1)}ms route=${s.rule} cluster=${s.cluster} upstream=${s.upstream ?? "-"}`;
}

/** Parses a text/event-stream body into events (RFC: lines `event:`/`data:`, a blank line ends one). */
export async function* serverSentEvents(
  res: Response,
  signal: AbortSignal,
): AsyncGenerator<{ event: string; data: string }> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = res.body.getReader();
  signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) yield { event, data: data.join("\n") };
    }
  }
}
