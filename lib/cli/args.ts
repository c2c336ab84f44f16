import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: Values;
  positionals: string[];
}

/** Flags every command accepts. */
const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  server: { type: "string", short: "s" },
} as const satisfies OptionSpec;

/** `-o json|yaml` for commands that print API objects. */
export const OUTPUT_OPTION = { output: { type: "string", short: "o" } } as const satisfies OptionSpec;

/**
 * Splits `signalbox [global flags] COMMAND [args]` into the command name and the rest. Global flags
 * may come before the command (kubectl style), so the first bare word is the command.
 */
export function splitCommand(argv: readonly string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (!a.startsWith("-")) return { command: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    // `--server URL` / `-s URL`: the value is not the command.
    if ((a === "--server" || a === "-s") && i + 1 < argv.length) i++;
  }
  return { command: undefined, rest: [...argv] };
}

/** node:util parseArgs, strict, with the global flags merged in; its errors become usage errors. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...GLOBAL_OPTIONS, ...options },
      strict: true,
      allowPositionals: true,
    });
    return { values: values as Values, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

export function stringFlag(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** One of `allowed`, or the default; anything else is a usage error naming the choices. */
export function choiceFlag<T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const v = stringFlag(values, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${v}")`);
  return v as T;
}

/** Exactly `names.length` positionals (plus `optional` more at most), or a usage error naming the missing one. */
export function positionals(args: ParsedArgs, names: readonly string[], optional = 0): string[] {
  const p = args.positionals;
  if (p.length < names.length) throw new UsageError(`missing ${names[p.length]}`);
  if (p.length > names.length + optional) throw new UsageError(`unexpected argument "${p[names.length + optional]}"`);
  const empty = p.findIndex((a) => a.trim() === "");
  if (empty >= 0) throw new UsageError(`${names[empty] ?? "an argument"} must not be empty`);
  return p;
}

/** A positive integer argument such as a version number. */
export function positiveInt(text: string, what: string): number {
  if (!/^[1-9][0-9]*$/.test(text)) throw new UsageError(`${what} must be a positive integer (got "${text}")`);
  return Number(text);
}
