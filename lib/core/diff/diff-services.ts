import type { Endpoint, Service, Version } from "../model/index.ts";
import { fieldChanges, pairByKey } from "./helpers.ts";
import type { MeshChange } from "./types.ts";

const epKey = (e: Endpoint) => `${e.address}:${e.port}`;

function diffEndpoints(svc: string, ver: string, before: Endpoint[], after: Endpoint[], out: MeshChange[]): void {
  pairByKey(before, after, epKey, (key, b, a) => {
    const name = `${svc}/${ver}/${key}`;
    const path = ["services", svc, "versions", ver, "endpoints", key];
    if (!b)
      out.push({
        kind: "added",
        entity: "endpoint",
        name,
        path,
        after: a,
        summary: `endpoint ${key} added to ${svc}/${ver}`,
      });
    else if (!a)
      out.push({
        kind: "removed",
        entity: "endpoint",
        name,
        path,
        before: b,
        summary: `endpoint ${key} removed from ${svc}/${ver}`,
      });
    // `ports`: the numbers it takes service ports on (a change reroutes destinations naming them).
    else out.push(...fieldChanges("endpoint", name, path, b, a, ["weight", "ports"]));
  });
}

function diffVersions(svc: string, before: Version[], after: Version[], out: MeshChange[]): void {
  pairByKey(
    before,
    after,
    (v) => v.name,
    (key, b, a) => {
      const name = `${svc}/${key}`;
      const path = ["services", svc, "versions", key];
      if (!b)
        out.push({
          kind: "added",
          entity: "version",
          name,
          path,
          after: a,
          summary: `version ${name} added with ${a?.endpoints.length ?? 0} endpoint(s)`,
        });
      else if (!a)
        out.push({ kind: "removed", entity: "version", name, path, before: b, summary: `version ${name} removed` });
      else {
        out.push(...fieldChanges("version", name, path, b, a, ["labels", "tls"]));
        diffEndpoints(svc, key, b.endpoints, a.endpoints, out);
      }
    },
  );
}

export function diffServices(before: Service[], after: Service[]): MeshChange[] {
  const out: MeshChange[] = [];
  pairByKey(
    before,
    after,
    (s) => s.name,
    (key, b, a) => {
      const path = ["services", key];
      if (!b)
        out.push({
          kind: "added",
          entity: "service",
          name: key,
          path,
          after: a,
          summary: `service ${key} added (${a?.host})`,
        });
      else if (!a)
        out.push({ kind: "removed", entity: "service", name: key, path, before: b, summary: `service ${key} removed` });
      else {
        out.push(
          ...fieldChanges("service", key, path, b, a, [
            "namespace",
            "host",
            "description",
            "external",
            "ports",
            "trafficPolicy",
          ]),
        );
        diffVersions(key, b.versions, a.versions, out);
      }
    },
  );
  return out;
}
