import net from "node:net";

/** A fixed test port shifted by SIGNALBOX_TEST_PORT_OFFSET, so two checkouts can run their tests side by side. */
export const testPort = (port: number): number => port + Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);

/** A port that was free a moment ago on 127.0.0.1; for processes that must be told their port up front. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value or the deadline passes; the test then fails with `what`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}
