import "server-only";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/server/env.ts";
import { refusedImport, serializeOutcome, type ImportJob, type SerializedOutcome } from "./import-pipeline.ts";

/** Imports run in worker threads, at most this many at once (each may take 256 MB); the rest wait their turn. */
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/**
 * Runs the import pipeline off the main thread, so that `/api/health` and every other request keep being
 * answered while a large or hostile document is parsed. A job that outlives SIGNALBOX_IMPORT_TIMEOUT_MS or
 * its memory is stopped and reported as a refused import (422), never a 500.
 */
export async function runImportOffThread(job: ImportJob): Promise<SerializedOutcome> {
  const release = await slot();
  try {
    return await inWorker(job, env().SIGNALBOX_IMPORT_TIMEOUT_MS);
  } finally {
    release();
  }
}

function inWorker(job: ImportJob, timeoutMs: number): Promise<SerializedOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./import-worker.ts", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb: 8 },
    });
    let settled = false;
    const finish = (outcome: SerializedOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const refuse = (message: string) => finish(serializeOutcome(refusedImport({ document: 0, message })));
    const timer = setTimeout(() => refuse(`the import took longer than ${timeoutMs} ms`), timeoutMs);
    worker.once("message", (m: SerializedOutcome) => finish(m));
    worker.once("error", (error) => refuse(`the import failed: ${error.message}`));
    worker.once("exit", (code) => refuse(`the import stopped (exit code ${code})`));
    worker.postMessage(job);
  });
}
