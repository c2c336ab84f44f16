import { describe, expect, it } from "vitest";
import { versionSignal } from "@/lib/server/xds/version-signal.ts";

describe("version signal (long-poll wake-up)", () => {
  it("wakes a waiter when a newer version is published, and only then", async () => {
    const base = 1000 + Math.floor(Math.random() * 1000);
    versionSignal.publish(base);
    const woken = versionSignal.wait(base, 5_000);
    versionSignal.publish(base); // not newer: must not wake
    expect(versionSignal.waiting).toBeGreaterThan(0);
    versionSignal.publish(base + 1);
    await expect(woken).resolves.toBe(base + 1);
    expect(versionSignal.waiting).toBe(0);
  });

  it("answers at once when the caller is already behind", async () => {
    versionSignal.publish(5000);
    await expect(versionSignal.wait(10, 5_000)).resolves.toBe(5000);
  });

  it("gives null when the wait ends or the caller goes away", async () => {
    versionSignal.publish(6000);
    await expect(versionSignal.wait(6000, 20)).resolves.toBeNull();
    const abort = new AbortController();
    const waiting = versionSignal.wait(6000, 5_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBeNull();
    expect(versionSignal.waiting).toBe(0);
  });
});
