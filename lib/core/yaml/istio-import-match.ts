import type { HeaderMatch, QueryMatch, RouteMatch, StringMatch } from "../model/index.ts";
import { asRecord, isRecord, type DocumentLog, type YamlPath } from "./report.ts";

const TYPES = ["exact", "prefix", "regex"] as const;

/** Istio StringMatch {exact|prefix|regex} → tagged value; `{}` is "present" where the caller allows it. */
export function readStringMatch(raw: unknown, log: DocumentLog, path: YamlPath): StringMatch | "present" | undefined {
  if (!isRecord(raw)) return void log.invalid(path, "expected a string match {exact|prefix|regex}");
  const keys = Object.keys(raw);
  if (keys.length === 0) return "present";
  const type = TYPES.find((t) => typeof raw[t] === "string");
  if (!type || keys.length > 1)
    return void log.invalid(path, "a string match needs exactly one of exact, prefix, regex");
  return { type, value: raw[type] as string };
}

/** Undoes the export's prefix → `escaped.*` regex for query parameters. */
function regexAsPrefix(value: string): string | undefined {
  const m = /^((?:[^.*+?^${}()|[\]\\]|\\[.*+?^${}()|[\]\\])*)\.\*$/.exec(value);
  return m ? m[1]!.replace(/\\(.)/g, "$1") : undefined;
}

function methods(raw: unknown, log: DocumentLog, path: YamlPath): string[] {
  const m = readStringMatch(raw, log, path);
  if (!m || m === "present") return [];
  if (m.type === "exact") return [m.value.toUpperCase()];
  if (m.type === "regex" && /^[A-Z]+(\|[A-Z]+)*$/.test(m.value)) return m.value.split("|");
  log.partial(path, `method ${m.type} match "${m.value}" cannot be expressed; use a list of methods`);
  return [];
}

function headers(raw: unknown, absent: unknown, log: DocumentLog, path: YamlPath): HeaderMatch[] {
  const out: HeaderMatch[] = [];
  for (const [name, v] of Object.entries(asRecord(raw))) {
    const m = readStringMatch(v, log, [...path, "headers", name]);
    if (m) out.push(m === "present" ? { name, type: "present", value: "" } : { name, ...m });
  }
  for (const [name, v] of Object.entries(asRecord(absent))) {
    if (isRecord(v) && Object.keys(v).length === 0) out.push({ name, type: "absent", value: "" });
    else log.partial([...path, "withoutHeaders", name], "only header absence ({}) can be expressed in withoutHeaders");
  }
  return out;
}

function queryParams(raw: unknown, log: DocumentLog, path: YamlPath): QueryMatch[] {
  return Object.entries(asRecord(raw)).flatMap(([name, v]): QueryMatch[] => {
    const m = readStringMatch(v, log, [...path, "queryParams", name]);
    if (!m) return [];
    if (m === "present") return [{ name, type: "present", value: "" }];
    const prefix = m.type === "regex" ? regexAsPrefix(m.value) : undefined;
    return [prefix !== undefined ? { name, type: "prefix", value: prefix } : { name, ...m }];
  });
}

const MATCH_KEYS: readonly string[] = [
  "uri",
  "method",
  "authority",
  "headers",
  "withoutHeaders",
  "queryParams",
  "port",
];

/** One Istio HTTPMatchRequest; fields Signalbox cannot express are reported, never dropped silently. */
export function readMatch(raw: unknown, log: DocumentLog, path: YamlPath): RouteMatch {
  const m = asRecord(raw);
  log.checkKeys(m, MATCH_KEYS, path);
  const known = Object.keys(m).filter((k) => MATCH_KEYS.includes(k));
  if (known.length === 0 && Object.keys(m).length > 0)
    log.partial(path, "no condition of this match could be imported, so it now matches every request");
  const str = (k: "uri" | "authority") => {
    if (m[k] === undefined) return undefined;
    const s = readStringMatch(m[k], log, [...path, k]);
    return s === "present" ? undefined : s;
  };
  return {
    uri: str("uri"),
    methods: m.method !== undefined ? methods(m.method, log, [...path, "method"]) : [],
    authority: str("authority"),
    headers: headers(m.headers, m.withoutHeaders, log, path),
    queryParams: queryParams(m.queryParams, log, path),
    port: m.port !== undefined ? listenerPort(m.port, log, [...path, "port"]) : undefined,
  };
}

/** A port outside 1..65535 is invalid, and the match then holds on every port (reported). */
function listenerPort(raw: unknown, log: DocumentLog, path: YamlPath): number | undefined {
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 1 && raw <= 65535) return raw;
  return void log.invalid(path, "port must be an integer 1..65535");
}
