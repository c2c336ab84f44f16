/**
 * Worker-thread entry of the YAML import (started by import-runner.ts): one job in, one outcome out. An
 * exception becomes a refused import rather than a crash, so the console answers 422, never 500.
 */
import { parentPort } from "node:worker_threads";
import { refusedImport, runImport, serializeOutcome, type ImportJob } from "./import-pipeline.ts";

parentPort?.once("message", (job: ImportJob) => {
  try {
    parentPort!.postMessage(serializeOutcome(runImport(job)));
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    parentPort!.postMessage(serializeOutcome(refusedImport({ document: 0, message })));
  }
});
