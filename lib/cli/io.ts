import { readFile } from "node:fs/promises";

/** Environment variables; a plain record so tests need not fake all of process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Everything a command touches outside its arguments, so tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: Env;
  /** Whether stderr is a terminal; prompts go there so stdout stays clean for pipes. */
  interactive: boolean;
}

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdin: process.stdin,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** A file's text, or stdin's for `-`. */
export async function readInput(file: string, io: Io): Promise<string> {
  if (file === "-") return readAll(io.stdin);
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `${file}: no such file` : `${file}: ${(e as Error).message}`);
  }
}

/** Reads one line from the terminal. `hidden` turns echo off (raw mode) so a password never shows. */
export function prompt(io: Io, question: string, hidden = false): Promise<string> {
  const stdin = io.stdin;
  io.err(question);
  return new Promise((resolve, reject) => {
    let answer = "";
    const raw = hidden && typeof stdin.setRawMode === "function";
    if (raw) stdin.setRawMode!(true);
    const done = (err?: Error) => {
      stdin.removeListener("data", onData);
      if (raw) stdin.setRawMode!(false);
      stdin.pause();
      if (hidden) io.err("\n");
      if (err) reject(err);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new Error("interrupted"));
        if (ch === "\u007f" || ch === "\b") answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
