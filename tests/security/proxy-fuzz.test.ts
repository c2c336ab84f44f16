import { afterAll, beforeAll, describe, it } from "vitest";
import fc from "fast-check";
import {
  pathsProperty,
  smugglingProperty,
  startFuzzRig,
  wellFormedProperty,
  type FuzzRig,
} from "../fuzz/proxy-heads.ts";

/** Short seeded runs in `npm test`; `npm run fuzz -- proxy` runs the same properties long with a fresh seed. */
const RUN = { seed: 42, numRuns: 40, endOnFailure: true };

describe("fuzzing the proxy with raw request heads (fast-check)", () => {
  let rig: FuzzRig;
  beforeAll(async () => {
    rig = await startFuzzRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("a well-formed request reaches the upstream exactly as intended", async () => {
    await fc.assert(wellFormedProperty(rig), RUN);
  });

  it("smuggling variants never desynchronize: no embedded request, no other body, ambiguity refused", async () => {
    await fc.assert(smugglingProperty(rig), { ...RUN, numRuns: 60 });
  });

  it("hostile paths never take /admin past a prefix deny rule, and arrive normalized", async () => {
    await fc.assert(pathsProperty(rig), RUN);
  });
});
