import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { exportGatewayApi, exportIstio, importYaml } from "@/lib/core/yaml/index.ts";
import type { DocumentReport } from "@/lib/core/yaml/report.ts";
import { REFERENCE_DIR } from "./schemas.ts";

/**
 * Issue 10 item 7, audited on every upstream manifest of the reference data (Gateway API conformance and examples,
 * Istio samples): import, export again in the source's format, and every field of the input that the export does not
 * say again must be named by the import report (the document's issue at that field or a parent). Fields are compared
 * after writing both sides in one canonical form, so only what means the same is allowed to differ:
 * - defaults written or left out (`group: ""`, `kind: Service`, a parentRef/backendRef namespace that is the
 *   route's own, `allowedRoutes.namespaces.from: Same`, a weight of 1, a mirror of 100 %, `backendRefs: []`);
 * - order without meaning (listeners by name, parentRefs, hostnames, header and query matches, the headers a
 *   header modifier sets, adds or removes, filters by type:
 *   Signalbox applies a rule's filters in one fixed order, header changes before mirrors);
 * - the same value in another unit (relative weights as percentages, a mirror fraction as a percent);
 * - `timeouts.request: 0s` and `backendRequest: 0s` (no timeout) written as no timeout, which is what Signalbox does
 *   without one;
 * - objects merged into others (a DestinationRule is exported under its service's name: matched by host).
 */
const files: string[] = [];
const walk = (dir: string) => {
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f !== "crds" && f !== "schemas") walk(p);
    } else if (/\.ya?ml$/.test(f)) files.push(p);
  }
};
walk(REFERENCE_DIR);

type Obj = Record<string, unknown>;
type Path = (string | number)[];
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Drops keys whose value is the default. */
function without(o: unknown, defaults: Record<string, unknown>): unknown {
  if (!isObj(o)) return o;
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => !(k in defaults) || defaults[k] !== v));
}

const keyed = (items: unknown[], key: (x: unknown, i: number) => string): Obj => {
  const out: Obj = {};
  const seen = new Map<string, number>();
  items.forEach((x, i) => {
    const k = key(x, i);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    out[n === 0 ? k : `${k}#${n}`] = x;
  });
  return out;
};
const sortedBy = (items: unknown[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

function percentages(refs: Obj[]): number[] {
  const w = refs.map((r) => (typeof r.weight === "number" ? r.weight : 1));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (sum === 0 ? 0 : Math.round((x * 100) / sum)));
}

function canonicalRule(rule: unknown, ns: string): unknown {
  if (!isObj(rule)) return rule;
  const refs = arr(rule.backendRefs).filter(isObj);
  const pct = percentages(refs);
  const backendRefs = refs.map((r, i) =>
    without({ ...r, weight: pct[i] }, { group: "", kind: "Service", namespace: ns }),
  );
  const filters = arr(rule.filters).map((f) => {
    if (!isObj(f)) return f;
    for (const key of ["requestHeaderModifier", "responseHeaderModifier"]) {
      const h = f[key];
      if (isObj(h))
        return {
          ...f,
          [key]: { ...h, set: sortedBy(arr(h.set)), add: sortedBy(arr(h.add)), remove: sortedBy(arr(h.remove)) },
        };
    }
    if (!isObj(f.requestMirror)) return f;
    const m = f.requestMirror;
    const fr = isObj(m.fraction) ? m.fraction : undefined;
    const percent = fr ? (Number(fr.numerator) * 100) / Number(fr.denominator ?? 100) : m.percent;
    const backendRef = without(m.backendRef, { group: "", kind: "Service", namespace: ns });
    return { ...f, requestMirror: without({ backendRef, percent }, { percent: 100 }) };
  });
  const matches = arr(rule.matches).map((m) =>
    isObj(m) ? without({ ...m, headers: sortedBy(arr(m.headers)), queryParams: sortedBy(arr(m.queryParams)) }, {}) : m,
  );
  const timeouts = isObj(rule.timeouts) ? without(rule.timeouts, { request: "0s", backendRequest: "0s" }) : undefined;
  return {
    ...rule,
    matches,
    backendRefs: backendRefs.length > 0 ? backendRefs : undefined,
    filters: keyed(filters, (f) => String(isObj(f) ? f.type : f)),
    timeouts: isObj(timeouts) && Object.keys(timeouts).length > 0 ? timeouts : undefined,
  };
}

/** One canonical form of a Kubernetes object, for either side of the comparison. */
function canonical(o: Obj): Obj {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const ns = typeof meta.namespace === "string" ? meta.namespace : "default";
  const spec = isObj(o.spec) ? o.spec : {};
  // A DestinationRule is exported under its service's name (matched by host instead).
  const name = o.kind === "DestinationRule" ? undefined : meta.name;
  const out: Obj = { ...o, metadata: { ...meta, name, namespace: ns } };
  if (o.kind === "Gateway" && String(o.apiVersion).startsWith("gateway.networking")) {
    const listeners = arr(spec.listeners).map((l) => {
      if (!isObj(l)) return l;
      const a = isObj(l.allowedRoutes) ? l.allowedRoutes : {};
      const nsSel = without(a.namespaces, { from: "Same" });
      const allowed = without(
        { ...a, namespaces: isObj(nsSel) && Object.keys(nsSel).length > 0 ? nsSel : undefined },
        {},
      );
      const tls = isObj(l.tls)
        ? {
            ...l.tls,
            certificateRefs: arr(l.tls.certificateRefs).map((c) =>
              without(c, { group: "", kind: "Secret", namespace: ns }),
            ),
          }
        : undefined;
      const cleaned = {
        ...l,
        tls,
        allowedRoutes: Object.values(allowed as Obj).some((v) => v !== undefined) ? allowed : undefined,
      };
      return cleaned;
    });
    out.spec = { ...spec, listeners: keyed(listeners, (l) => String(isObj(l) ? l.name : l)) };
  } else if (o.kind === "HTTPRoute") {
    out.spec = {
      ...spec,
      hostnames: sortedBy(arr(spec.hostnames)),
      parentRefs: sortedBy(
        arr(spec.parentRefs).map((p) =>
          without(p, { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: ns }),
        ),
      ),
      rules: arr(spec.rules).map((r) => canonicalRule(r, ns)),
    };
  } else if (o.kind === "VirtualService") {
    out.spec = { ...spec, hosts: sortedBy(arr(spec.hosts)), gateways: sortedBy(arr(spec.gateways)) };
  }
  return out;
}

type Leaf = { path: Path; value: unknown };
function leaves(v: unknown, p: Path = []): Leaf[] {
  if (Array.isArray(v)) return v.length === 0 ? [] : v.flatMap((x, i) => leaves(x, [...p, i]));
  if (isObj(v)) return Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : leaves(x, [...p, k])));
  return [{ path: p, value: v }];
}
const at = (o: unknown, p: Path): unknown =>
  p.reduce<unknown>((a, k) => (isObj(a) || Array.isArray(a) ? (a as Obj)[k] : undefined), o);

/** The input field a canonical path stands for (keyed listeners and filters back to their positions). */
function inputPath(input: Obj, canonicalPath: Path): Path {
  const out: Path = [];
  let node: unknown = input;
  for (const k of canonicalPath) {
    if (Array.isArray(node) && typeof k === "string") {
      const base = k.replace(/#\d+$/, "");
      const i = node.findIndex((x) => isObj(x) && (x.name === base || x.type === base));
      out.push(i < 0 ? k : i);
      node = i < 0 ? undefined : node[i];
    } else {
      out.push(k);
      node = isObj(node) || Array.isArray(node) ? (node as Obj)[k] : undefined;
    }
  }
  return out;
}

function findExported(input: Obj, exported: Obj[]): Obj | undefined {
  const group = (o: Obj) => String(o.apiVersion).split("/")[0];
  const name = (o: Obj) => (isObj(o.metadata) ? o.metadata.name : undefined);
  const same = exported.filter((e) => e.kind === input.kind && group(e) === group(input));
  if (input.kind === "DestinationRule")
    return same.find((e) => isObj(e.spec) && isObj(input.spec) && e.spec.host === input.spec.host);
  return same.find((e) => name(e) === name(input));
}

/** Input fields that the export does not say again and that the import report does not name. */
function unexplained(file: string): string[] {
  const text = readFileSync(file, "utf8").replaceAll("{GATEWAY_CLASS_NAME}", "signalbox");
  const inputs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const { mesh, report } = importYaml(text);
  const group = (o: unknown) => (isObj(o) ? String(o.apiVersion) : "");
  let yaml = "";
  if (inputs.some((o) => group(o).startsWith("gateway.networking"))) yaml += `${exportGatewayApi(mesh).yaml}\n---\n`;
  if (inputs.some((o) => group(o).includes("istio.io"))) yaml += exportIstio(mesh);
  const exported = parseAllDocuments(yaml)
    .map((d) => d.toJS() as unknown)
    .filter(isObj);
  const out: string[] = [];
  for (const doc of report.documents as DocumentReport[]) {
    const input = inputs[doc.index];
    if (!isObj(input) || doc.status === "unsupported" || doc.status === "invalid") continue;
    const match = findExported(input, exported);
    const want = canonical(input);
    const got = match ? canonical(match) : undefined;
    for (const leaf of leaves(want)) {
      if (leaf.path[0] === "apiVersion" || leaf.path[0] === "kind") continue;
      if (JSON.stringify(at(got, leaf.path)) === JSON.stringify(leaf.value)) continue;
      const field = inputPath(input, leaf.path);
      if (doc.issues.some((i) => i.path.every((k, j) => field[j] === k))) continue;
      out.push(
        `${doc.kind} ${doc.name}: ${field.join(".")} = ${JSON.stringify(leaf.value)}, exported ${JSON.stringify(at(got, leaf.path))}`,
      );
    }
  }
  return out;
}

describe("upstream manifests: import then export drops nothing the import report does not name", () => {
  it("covers the reference data", () => expect(files.length).toBeGreaterThan(100));
  for (const file of files) it(path.relative(REFERENCE_DIR, file), () => expect(unexplained(file)).toEqual([]));
});
