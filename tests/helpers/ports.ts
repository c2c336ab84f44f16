import net from "node:net";

/** A fixed test port shifted by SIGNALBOX_TEST_PORT_OFFSET, so two checkouts can run their tests side by side. */
export const testPort = (port: number): number => port + Number(process.env.SIGNALBOX_TEST_PORT_OFFSET ?? 0);

/** Ports this process has handed out: the kernel may give a just-released port again, and two callers must differ. */
const handedOut = new Set<number>();

function bindAndRelease(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port that was free a moment ago on 127.0.0.1, never one this process got before; for processes that must be
 * told their port up front.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await bindAndRelease();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

// Moved to its own module; re-exported while branches written against this path are merged.
export { eventually } from "./eventually.ts";
