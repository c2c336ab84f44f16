import type { Targets } from "@/lib/core/draft/index.ts";

/** The mesh's services as options; a current service the mesh does not have stays choosable, marked unknown. */
export function ServiceOptions({ services, current }: { services: Targets; current: string }) {
  return (
    <>
      {services.some((s) => s.name === current) ? null : <option value={current}>{current} (unknown)</option>}
      {services.map((s) => (
        <option key={s.name} value={s.name}>
          {s.name}
        </option>
      ))}
    </>
  );
}

/** The versions of `service` as options; a current version it does not have stays choosable, marked unknown. */
export function VersionOptions({
  services,
  service,
  current,
}: {
  services: Targets;
  service: string;
  current: string;
}) {
  const versions = services.find((s) => s.name === service)?.versions ?? [];
  return (
    <>
      {versions.some((v) => v.name === current) ? null : <option value={current}>{current} (unknown)</option>}
      {versions.map((v) => (
        <option key={v.name} value={v.name}>
          {v.name}
        </option>
      ))}
    </>
  );
}
