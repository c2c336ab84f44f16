"use client";
import { useState } from "react";
import { can, type User } from "@/lib/core/api/index.ts";
import type { CanarySpecInput } from "@/lib/core/canary/index.ts";
import { useCreateCanary } from "@/lib/client/hooks/use-canaries.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";

/** The demo's one-click canary: Bookinfo's reviews from v1 to v3, in the steps Flagger's examples use. */
export const DEMO_CANARY: CanarySpecInput = {
  route: "reviews",
  stable: "v1",
  canary: "v3",
  steps: [5, 10, 25, 50, 100],
  intervalSeconds: 10,
  gates: { minSuccessRate: 99, maxP99Ms: 500, minRequests: 2 },
  maxFailures: 1,
};

/** Propose a canary of a route rule (editors); an approver other than the author starts it. */
export function CanaryForm({ user }: { user: User }) {
  const mesh = useRunningMesh();
  const create = useCreateCanary();
  const [route, setRoute] = useState("");
  const [stable, setStable] = useState("");
  const [canary, setCanary] = useState("");
  const [steps, setSteps] = useState("5,10,25,50,100");
  const [interval, setInterval] = useState("60");
  const [minSuccessRate, setMinSuccessRate] = useState("99");
  const [maxP99Ms, setMaxP99Ms] = useState("500");
  const [minRequests, setMinRequests] = useState("10");
  const [maxFailures, setMaxFailures] = useState("0");
  if (!can(user.role, "edit")) return null;
  const routes = mesh.data?.mesh.routes ?? [];
  const service = routes.find((r) => r.name === route)?.rules[0]?.destinations[0]?.service;
  const versions = mesh.data?.mesh.services.find((s) => s.name === service)?.versions.map((v) => v.name) ?? [];
  const hasDemo = routes.some((r) => r.name === "reviews");
  const submit = () =>
    create.mutate({
      route,
      stable,
      canary,
      steps: steps.split(",").map((s) => Number(s.trim())),
      intervalSeconds: Number(interval),
      gates: { minSuccessRate: Number(minSuccessRate), maxP99Ms: Number(maxP99Ms), minRequests: Number(minRequests) },
      maxFailures: Number(maxFailures),
    });
  return (
    <section className="card" aria-labelledby="new-canary-title" data-testid="canary-form">
      <h2 id="new-canary-title">New canary</h2>
      {hasDemo ? (
        <p>
          <button
            type="button"
            className="primary"
            disabled={create.isPending}
            onClick={() => create.mutate(DEMO_CANARY)}
            data-testid="demo-canary"
          >
            Demo canary: reviews v1 → v3
          </button>{" "}
          <span className="muted">steps 5, 10, 25, 50, 100 % every 10 s; an approver starts it</span>
        </p>
      ) : null}
      <div className="form-grid">
        <Choice
          label="Route"
          value={route}
          options={routes.map((r) => r.name)}
          onChange={setRoute}
          testId="canary-route"
        />
        <Choice label="Stable" value={stable} options={versions} onChange={setStable} testId="canary-stable" />
        <Choice label="Canary" value={canary} options={versions} onChange={setCanary} testId="canary-version" />
        <label>
          Steps (%) <input value={steps} onChange={(e) => setSteps(e.target.value)} data-testid="canary-steps" />
        </label>
        <NumberField label="Interval (s)" value={interval} onChange={setInterval} testId="canary-interval" />
        <NumberField label="Success rate ≥ (%)" value={minSuccessRate} onChange={setMinSuccessRate} />
        <NumberField label="p99 ≤ (ms)" value={maxP99Ms} onChange={setMaxP99Ms} testId="canary-max-p99" />
        <NumberField
          label="Min requests / interval"
          value={minRequests}
          onChange={setMinRequests}
          testId="canary-min-requests"
        />
        <NumberField label="Failed checks tolerated" value={maxFailures} onChange={setMaxFailures} />
      </div>
      <button type="button" disabled={create.isPending || !route} onClick={submit} data-testid="create-canary">
        Propose canary
      </button>
      {create.error ? (
        <p className="text-bad" role="alert" data-testid="canary-form-error">
          {create.error.message}
        </p>
      ) : null}
    </section>
  );
}

/** A labelled select of names, empty ("—") until one is picked. */
function Choice(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (v: string) => void;
  testId: string;
}) {
  return (
    <label>
      {props.label}{" "}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        <option value="">—</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled number input kept as typed; the API's schema checks it on submit. */
function NumberField(props: { label: string; value: string; onChange: (v: string) => void; testId?: string }) {
  return (
    <label>
      {props.label}{" "}
      <input
        type="number"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}
