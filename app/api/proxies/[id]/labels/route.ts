import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { setProxyLabels } from "@/lib/server/rollouts/proxy-labels.ts";

export const PUT = handle(operations.setProxyLabels, ({ params, body, user }) =>
  setProxyLabels(user, params.id, body.labels),
);
