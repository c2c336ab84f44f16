import { stringify } from "yaml";
import { FEATURES } from "../features.ts";
import type { TestResult } from "./run-suite.ts";

/** What the run found wrong against the expected-failure list (empty: the run is green). */
export function judge(results: readonly TestResult[], expectedFailures: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const names = new Set(results.map((r) => r.name));
  for (const r of results) {
    const listed = expectedFailures[r.name];
    if (r.outcome === "failed" && listed === undefined) problems.push(`${r.name} failed: ${r.reason ?? "?"}`);
    if (r.outcome === "passed" && listed !== undefined) {
      problems.push(`${r.name} passes now: remove from expected failures ("${listed}")`);
    }
    if (r.outcome === "skipped" && listed !== undefined) {
      problems.push(`${r.name} is skipped (${r.reason ?? "?"}): remove from expected failures`);
    }
  }
  for (const name of Object.keys(expectedFailures)) {
    if (!names.has(name)) problems.push(`${name} is in expected failures but is no test of this run`);
  }
  return problems;
}

interface Statistics {
  Passed: number;
  Skipped: number;
  Failed: number;
}

const statistics = (rs: readonly TestResult[]): Statistics => ({
  Passed: rs.filter((r) => r.outcome === "passed").length,
  Skipped: rs.filter((r) => r.outcome === "skipped").length,
  Failed: rs.filter((r) => r.outcome === "failed").length,
});

/** upstream: failure when a test failed, partial when one was skipped, else success. */
const resultOf = (s: Statistics) => (s.Failed > 0 ? "failure" : s.Skipped > 0 ? "partial" : "success");

const RESULT_WORDS = { success: "succeeded", partial: "partially succeeded", failure: "failed" } as const;

/** One half (core or extended) of a profile: upstream's result, statistics and failed/skipped test names. */
function profileResult(rs: readonly TestResult[]) {
  const stats = statistics(rs);
  const result = resultOf(stats);
  const named = (outcome: TestResult["outcome"]) => rs.filter((r) => r.outcome === outcome).map((r) => r.name);
  return {
    section: {
      result,
      statistics: stats,
      ...(stats.Failed > 0 ? { failedTests: named("failed") } : {}),
      ...(stats.Skipped > 0 ? { skippedTests: named("skipped") } : {}),
    },
    words: `${RESULT_WORDS[result]} (${stats.Passed} passed, ${stats.Failed} failed, ${stats.Skipped} skipped)`,
  };
}

export interface ReportContext {
  implementationVersion: string;
  gatewayApiVersion: string;
  date: string;
  expectedFailures: Readonly<Record<string, string>>;
}

/**
 * The run in the shape of upstream's ConformanceReport (apis/v1 ConformanceReport, profile GATEWAY-HTTP): core and
 * extended statistics, failed/skipped test names, claimed and unclaimed features. Signalbox adds `tests` (every test
 * with its outcome, reason and request counts) and `totals`, which upstream keeps only in its logs.
 */
export function buildReport(results: readonly TestResult[], ctx: ReportContext): Record<string, unknown> {
  const core = profileResult(results.filter((r) => r.core));
  const extended = profileResult(results.filter((r) => !r.core));
  const requests = results.flatMap((r) => r.cases);
  const summary = `Core tests ${core.words}. Extended tests ${extended.words}.`;
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "ConformanceReport",
    date: ctx.date,
    gatewayAPIVersion: ctx.gatewayApiVersion,
    gatewayAPIChannel: "standard",
    implementation: {
      organization: "signalbox",
      project: "signalbox",
      version: ctx.implementationVersion,
      contact: [],
    },
    mode: "default",
    profiles: [
      {
        name: "GATEWAY-HTTP",
        core: core.section,
        extended: {
          ...extended.section,
          supportedFeatures: FEATURES.filter((f) => f.level === "extended" && f.claimed === true).map((f) => f.name),
          unsupportedFeatures: FEATURES.filter((f) => f.level === "extended" && f.claimed !== true).map((f) => f.name),
        },
        summary,
      },
    ],
    succeededProvisionalTests: results.filter((r) => r.provisional && r.outcome === "passed").map((r) => r.name),
    totals: {
      tests: { total: results.length, ...statistics(results) },
      requests: { total: requests.length, passed: requests.filter((c) => c.passed).length },
    },
    tests: results.map((r) => ({
      name: r.name,
      core: r.core,
      result: r.outcome,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(ctx.expectedFailures[r.name] ? { expectedFailure: ctx.expectedFailures[r.name] } : {}),
      ...(r.cases.length > 0
        ? { requests: { passed: r.cases.filter((c) => c.passed).length, total: r.cases.length } }
        : {}),
      source: r.source,
    })),
  };
}

export const reportYaml = (report: Record<string, unknown>): string => stringify(report, { lineWidth: 0 });

/** A short human summary for the terminal. */
export function summaryText(results: readonly TestResult[]): string {
  const lines = results.map((r) => {
    const req = r.cases.length ? ` ${r.cases.filter((c) => c.passed).length}/${r.cases.length} requests` : "";
    return `${r.outcome.padEnd(7)} ${r.core ? "core    " : "extended"} ${r.name}${req}${r.reason ? ` — ${r.reason}` : ""}`;
  });
  const s = statistics(results);
  const requests = results.flatMap((r) => r.cases);
  lines.push(
    `\n${s.Passed} passed, ${s.Failed} failed, ${s.Skipped} skipped of ${results.length} tests; ` +
      `${requests.filter((c) => c.passed).length}/${requests.length} requests passed`,
  );
  return `${lines.join("\n")}\n`;
}
