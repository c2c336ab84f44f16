"use client";
import { useEffect, useRef, useState } from "react";
import { operations, type TapSession } from "@/lib/core/api/index.ts";
import { TapSampleSchema, type TapFilter, type TapSample } from "@/lib/core/protocol/tap.ts";
import { call, isApiClientError } from "@/lib/client/api.ts";

/** Samples kept on screen, newest first. */
const SHOWN = 200;

/**
 * Live tap: opens a tap with the filters given, then shows the samples proxies send as they arrive (Server-Sent
 * Events). Stopping, leaving the page or the duration ending closes the tap; no proxy samples anything after.
 */
export function LiveTap({ routes }: { routes: readonly string[] }) {
  const [route, setRoute] = useState("");
  const [status, setStatus] = useState("");
  const [pathPrefix, setPathPrefix] = useState("");
  const [header, setHeader] = useState("");
  const [rate, setRate] = useState(10);
  const [duration, setDuration] = useState(60);
  const [session, setSession] = useState<TapSession | null>(null);
  const [samples, setSamples] = useState<{ n: number; s: TapSample }[]>([]);
  const received = useRef(0);
  const [note, setNote] = useState<string | null>(null);
  const source = useRef<EventSource | null>(null);

  const stop = async (id = session?.id) => {
    source.current?.close();
    source.current = null;
    setSession(null);
    if (id) await call(operations.stopTap, { params: { id } }).catch(() => undefined);
  };
  // Leaving the page closes the stream, which closes the tap.
  useEffect(() => () => source.current?.close(), []);

  const start = async () => {
    setNote(null);
    const filter: TapFilter = {};
    if (route) filter.route = route;
    if (status.trim()) filter.status = status.trim();
    if (pathPrefix.trim()) filter.pathPrefix = pathPrefix.trim();
    if (header.trim()) {
      const eq = header.indexOf("=");
      if (eq <= 0) return setNote("Header filter: NAME=VALUE");
      filter.header = { name: header.slice(0, eq).trim(), value: header.slice(eq + 1) };
    }
    try {
      const opened = await call(operations.createTap, {
        body: { filter, ratePerSecond: rate, durationSeconds: duration },
      });
      setSamples([]);
      setSession(opened);
      const es = new EventSource(`/api/tap/${encodeURIComponent(opened.id)}/events`);
      source.current = es;
      es.addEventListener("sample", (e) => {
        const parsed = TapSampleSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
        if (parsed.success) {
          const n = ++received.current;
          setSamples((old) => [{ n, s: parsed.data }, ...old].slice(0, SHOWN));
        }
      });
      es.addEventListener("end", (e) => {
        const { reason } = JSON.parse((e as MessageEvent<string>).data) as { reason: string };
        setNote(`Tap ${reason}.`);
        es.close();
        source.current = null;
        setSession(null);
      });
    } catch (error) {
      setNote(isApiClientError(error) ? error.message : String(error));
    }
  };

  return (
    <section className="card" aria-labelledby="live-tap-title" data-testid="live-tap">
      <h2 id="live-tap-title">Live tap</h2>
      <p className="muted small">
        Proxies sample matching requests (at most the rate given, per proxy) while the tap is open. Never bodies;
        authorization and cookie values read REDACTED. Also from a terminal: <code>signalbox tap</code>.
      </p>
      <form
        style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center", margin: "0.5rem 0" }}
        onSubmit={(e) => {
          e.preventDefault();
          void (session ? stop() : start());
        }}
      >
        <label>
          Route{" "}
          <input
            value={route}
            onChange={(e) => setRoute(e.target.value)}
            placeholder="any"
            list="tap-routes"
            size={14}
            disabled={!!session}
            data-testid="tap-route"
          />
          <datalist id="tap-routes">
            {routes.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <label>
          Status{" "}
          <input
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            placeholder="5xx or 503"
            size={8}
            disabled={!!session}
            data-testid="tap-status"
          />
        </label>
        <label>
          Path prefix{" "}
          <input
            value={pathPrefix}
            onChange={(e) => setPathPrefix(e.target.value)}
            placeholder="/api"
            size={12}
            disabled={!!session}
            data-testid="tap-path"
          />
        </label>
        <label>
          Header{" "}
          <input
            value={header}
            onChange={(e) => setHeader(e.target.value)}
            placeholder="x-user=alice"
            size={14}
            disabled={!!session}
            data-testid="tap-header"
          />
        </label>
        <label>
          Rate/s{" "}
          <input
            type="number"
            min={1}
            max={100}
            value={rate}
            onChange={(e) => setRate(Number(e.target.value))}
            disabled={!!session}
            style={{ width: "4em" }}
          />
        </label>
        <label>
          Seconds{" "}
          <input
            type="number"
            min={5}
            max={600}
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
            disabled={!!session}
            style={{ width: "4.5em" }}
          />
        </label>
        <button type="submit" className={session ? "" : "primary"} data-testid="tap-toggle">
          {session ? "Stop" : "Start tap"}
        </button>
        <span className="muted small" role="status" data-testid="tap-state">
          {session
            ? `Tapping until ${new Date(session.expiresAt).toLocaleTimeString(undefined, { hour12: false })}`
            : note}
        </span>
      </form>
      <table className="dense" data-testid="tap-samples">
        <caption className="sr-only">Sampled requests, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Proxy</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">ms</th>
            <th scope="col">Rule</th>
            <th scope="col">Cluster</th>
            <th scope="col">Upstream</th>
          </tr>
        </thead>
        <tbody>
          {samples.map(({ n, s }) => (
            <tr key={n} data-testid="tap-sample" data-status={s.status}>
              <td>{new Date(s.at).toLocaleTimeString(undefined, { hour12: false })}</td>
              <td>{s.proxy}</td>
              <td
                title={Object.entries(s.headers)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join("\n")}
              >
                {s.method} {s.authority}
                {s.path}
              </td>
              <td className={`num${s.status >= 500 ? " text-bad" : ""}`}>{s.status}</td>
              <td className="num">{s.latencyMs.toFixed(1)}</td>
              <td>{s.rule}</td>
              <td>{s.cluster}</td>
              <td>{s.upstream ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {samples.length === 0 ? (
        <p className="muted small">{session ? "Waiting for matching requests…" : "No tap open."}</p>
      ) : null}
    </section>
  );
}
