import type { Command } from "../command.ts";
import { access } from "./access.ts";
import { admin } from "./admin.ts";
import { apply } from "./apply.ts";
import { approve } from "./approve.ts";
import { convert } from "./convert.ts";
import { exportCommand } from "./export.ts";
import { get } from "./get.ts";
import { importCommand } from "./import.ts";
import { login } from "./login.ts";
import { proxy } from "./proxy.ts";
import { registry } from "./registry.ts";
import { security } from "./security.ts";
import { logout } from "./logout.ts";
import { reject } from "./reject.ts";
import { rollback } from "./rollback.ts";
import { rollout } from "./rollout.ts";
import { canary } from "./canary.ts";
import { simulateCommand } from "./simulate.ts";
import { status } from "./status.ts";
import { submit } from "./submit.ts";
import { tap } from "./tap.ts";

/** In the order `signalbox --help` lists them: offline first, then session, reading, changing. */
export const COMMANDS: readonly Command[] = [
  convert,
  login,
  logout,
  get,
  status,
  tap,
  simulateCommand,
  access,
  exportCommand,
  importCommand,
  apply,
  submit,
  approve,
  reject,
  rollback,
  rollout,
  canary,
  admin,
  proxy,
  security,
  registry,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
