/** Shared settings of the property-based tests: seeded short runs in `npm test`, long ones with `npm run fuzz`. */
export const FUZZ = {
  seed: Number(process.env.FUZZ_SEED ?? 20261202),
  runs: Number(process.env.FUZZ_RUNS ?? 0),
};

/** Runs for one property: the long-run count when set, else `short`. */
export const runs = (short: number) => FUZZ.runs || short;

/** A test timeout that grows with the runs (about `msPerRun` each). */
export const timeoutFor = (short: number, msPerRun: number) => Math.max(60_000, runs(short) * msPerRun);
