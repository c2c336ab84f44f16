/** Exit codes are part of the interface: scripts branch on them. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
/** The input (YAML, a change) is invalid; distinct from "something went wrong" so CI can tell them apart. */
export const EXIT_INVALID = 2;

/** An error meant for the person at the terminal: main prints `message` to stderr and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
    /** Extra lines printed after the message, e.g. the issues of an API error. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Wrong flags or arguments; main adds a pointer to the command's --help. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_ERROR);
    this.name = "UsageError";
  }
}
