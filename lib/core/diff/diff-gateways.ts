import type { Gateway } from "../model/index.ts";
import { fieldChanges, pairByKey } from "./helpers.ts";
import type { MeshChange } from "./types.ts";

export function diffGateways(before: Gateway[], after: Gateway[]): MeshChange[] {
  const out: MeshChange[] = [];
  pairByKey(
    before,
    after,
    (g) => g.name,
    (key, b, a) => {
      const path = ["gateways", key];
      if (!b)
        out.push({ kind: "added", entity: "gateway", name: key, path, after: a, summary: `gateway ${key} added` });
      else if (!a)
        out.push({ kind: "removed", entity: "gateway", name: key, path, before: b, summary: `gateway ${key} removed` });
      else {
        out.push(...fieldChanges("gateway", key, path, b, a, ["namespace"]));
        pairByKey(
          b.listeners,
          a.listeners,
          (l) => l.name,
          (lk, lb, la) => {
            const name = `${key}/${lk}`;
            const lpath = [...path, "listeners", lk];
            if (!lb)
              out.push({
                kind: "added",
                entity: "listener",
                name,
                path: lpath,
                after: la,
                summary: `listener ${name} added on port ${la?.port}`,
              });
            else if (!la)
              out.push({
                kind: "removed",
                entity: "listener",
                name,
                path: lpath,
                before: lb,
                summary: `listener ${name} removed`,
              });
            else
              out.push(
                ...fieldChanges(
                  "listener",
                  name,
                  lpath,
                  { ...lb, hosts: [...lb.hosts].sort() },
                  { ...la, hosts: [...la.hosts].sort() },
                  ["port", "protocol", "hosts", "tls", "httpsRedirect", "allowedRoutes"],
                ),
              );
          },
        );
      }
    },
  );
  return out;
}
