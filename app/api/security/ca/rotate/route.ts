import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { rotateRoot } from "@/lib/server/security/ca.ts";

export const POST = handle(operations.rotateCaRoot, ({ user }) => rotateRoot(user));
