import { send, type TestConsole } from "./helpers.ts";

/** The calls a proxy makes to the console (long-poll without holding, ACK/NACK/metrics), with one bearer secret. */
export function proxyCalls(c: TestConsole, token: string) {
  const authorization = `Bearer ${token}`;
  return {
    poll: (query: string) => send(`${c.url}/api/xds/snapshot?waitMs=0&${query}`, { headers: { authorization } }),
    post: (path: string, body: unknown) =>
      send(`${c.url}/api/xds/${path}`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}
