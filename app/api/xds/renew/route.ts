import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { forbidden } from "@/lib/server/http/errors.ts";
import { renewProxyCertificate } from "@/lib/server/security/proxy-identities.ts";

/** Only a proxy that authenticates with its certificate renews: the new certificate keeps that one's binding. */
export const POST = handle(operations.renewProxyCertificate, ({ body, proxy }) => {
  if (proxy.kind !== "certificate")
    throw forbidden("Renewal needs a proxy token signed with the current certificate's key (join first)");
  return renewProxyCertificate(proxy, body.csrPem);
});
