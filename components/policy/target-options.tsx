import type { Targets } from "@/lib/core/draft/index.ts";

/** Options for `names`; a current name that is not among them stays choosable, marked unknown. */
function NameOptions({ names, current }: { names: readonly string[]; current: string }) {
  return (
    <>
      {names.includes(current) ? null : <option value={current}>{current} (unknown)</option>}
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </>
  );
}

/** The mesh's services as options for a destination or mirror target. */
export const ServiceOptions = ({ services, current }: { services: Targets; current: string }) => (
  <NameOptions names={services.map((s) => s.name)} current={current} />
);

/** The versions of `service` as options for a destination or mirror target. */
export const VersionOptions = ({
  services,
  service,
  current,
}: {
  services: Targets;
  service: string;
  current: string;
}) => (
  <NameOptions names={services.find((s) => s.name === service)?.versions.map((v) => v.name) ?? []} current={current} />
);
