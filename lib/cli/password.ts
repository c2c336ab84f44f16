import type { CommandContext } from "./command.ts";
import { CliError } from "./errors.ts";
import { prompt, readAll } from "./io.ts";

/**
 * A password from stdin with --password-stdin (`echo "$PW" | signalbox …`), else prompted for without echo at
 * a terminal. Never from a flag: flags end up in shell history and `ps`.
 */
export async function readPassword({ io, args }: CommandContext, question = "Password: "): Promise<string> {
  let password: string;
  if (args.values["password-stdin"] === true) password = (await readAll(io.stdin)).replace(/\r?\n$/, "");
  else if (io.stdin.isTTY) password = await prompt(io, question, true);
  else throw new CliError("stdin is not a terminal: pipe the password with --password-stdin");
  if (!password) throw new CliError("the password is empty");
  return password;
}
