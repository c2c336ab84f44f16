/**
 * `npm run conformance [-- --out FILE|-] [--only Name,Name]`: runs the Gateway API conformance tests through the
 * real proxy, prints a summary to stderr, and writes the ConformanceReport YAML (default:
 * tests/conformance/reports/conformance-report.yaml; `-` for stdout). Exits 1 when the run disagrees with the
 * expected-failure list.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONFORMANCE_TESTS } from "./cases/index.ts";
import { EXPECTED_FAILURES } from "./expected-failures.ts";
import { loadReference } from "./harness/reference.ts";
import { buildReport, judge, reportYaml, summaryText } from "./harness/report.ts";
import { runSuite } from "./harness/run-suite.ts";

const DEFAULT_OUT = path.join(import.meta.dirname, "reports", "conformance-report.yaml");

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string" }, only: { type: "string" } } });
  const ref = loadReference();
  const only = values.only?.split(",").filter(Boolean);
  const results = await runSuite(ref, CONFORMANCE_TESTS, {
    only,
    onTest: (r) => process.stderr.write(`${r.outcome.padEnd(7)} ${r.name}\n`),
    failedAttemptsFor: (name) => (name in EXPECTED_FAILURES ? 1 : 3),
  });
  const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  const expected = only
    ? Object.fromEntries(Object.entries(EXPECTED_FAILURES).filter(([k]) => only.includes(k)))
    : EXPECTED_FAILURES;
  const yaml = reportYaml(
    buildReport(results, {
      implementationVersion: pkg.version,
      gatewayApiVersion: ref.gatewayApiVersion,
      date: new Date().toISOString(),
      expectedFailures: expected,
    }),
  );
  process.stderr.write(`\n${summaryText(results)}`);
  const out = values.out ?? DEFAULT_OUT;
  if (out === "-") process.stdout.write(yaml);
  else {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, yaml);
    process.stderr.write(`report written to ${path.relative(process.cwd(), out)}\n`);
  }
  const problems = judge(results, expected);
  for (const p of problems) process.stderr.write(`conformance: ${p}\n`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`conformance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
