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
        <label>
          Route{" "}
          <select value={route} onChange={(e) => setRoute(e.target.value)} data-testid="canary-route">
            <option value="">—</option>
            {routes.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stable{" "}
          <select value={stable} onChange={(e) => setStable(e.target.value)} data-testid="canary-stable">
            <option value="">—</option>
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Canary{" "}
          <select value={canary} onChange={(e) => setCanary(e.target.value)} data-testid="canary-version">
            <option value="">—</option>
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Steps (%) <input value={steps} onChange={(e) => setSteps(e.target.value)} data-testid="canary-steps" />
        </label>
        <label>
          Interval (s){" "}
          <input
            type="number"
            value={interval}
            onChange={(e) => setInterval(e.target.value)}
            data-testid="canary-interval"
          />
        </label>
        <label>
          Success rate ≥ (%){" "}
          <input type="number" value={minSuccessRate} onChange={(e) => setMinSuccessRate(e.target.value)} />
        </label>
        <label>
          p99 ≤ (ms){" "}
          <input
            type="number"
            value={maxP99Ms}
            onChange={(e) => setMaxP99Ms(e.target.value)}
            data-testid="canary-max-p99"
          />
        </label>
        <label>
          Min requests / interval{" "}
          <input
            type="number"
            value={minRequests}
            onChange={(e) => setMinRequests(e.target.value)}
            data-testid="canary-min-requests"
          />
        </label>
        <label>
          Failed checks tolerated{" "}
          <input type="number" value={maxFailures} onChange={(e) => setMaxFailures(e.target.value)} />
        </label>
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
