import { access } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log.ts";
import type { ProxyOptions } from "../options.ts";
import { ProxyIdentity } from "./identity.ts";

/**
 * A proxy authenticates with its own certificate when it was given a join token, or when it has no --token and
 * its state dir holds an identity from an earlier join. Otherwise (the loopback demo, per-proxy credentials) it
 * keeps its bearer token and this returns undefined.
 */
export async function startIdentity(o: ProxyOptions, log: Logger): Promise<ProxyIdentity | undefined> {
  if (!o.consoleUrl) return undefined;
  const stored = o.stateDir !== undefined && (await exists(path.join(o.stateDir, "identity.json")));
  if (!o.joinToken && (o.token !== undefined || !stored)) return undefined;
  const identity = new ProxyIdentity({
    consoleUrl: o.consoleUrl,
    nodeId: o.nodeId,
    joinToken: o.joinToken,
    stateDir: o.stateDir,
    log,
    renewAtFraction: o.renewAtFraction,
  });
  await identity.start();
  return identity;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
