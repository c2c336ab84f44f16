import { LineCounter, parseAllDocuments } from "yaml";
import { CliError } from "./errors.ts";
import { readInput, type Io } from "./io.ts";

interface SourceFile {
  /** As given on the command line; `<stdin>` for `-`. */
  name: string;
  /** 1-based line of the combined text where this file starts. */
  firstLine: number;
  lineCount: number;
}

/** Several YAML files as one multi-document stream, with a way back from a line of the stream to its file. */
export interface Sources {
  text: string;
  files: SourceFile[];
}

/**
 * Files are joined with `---` so the importer (and the server) sees one stream; positions it reports
 * are mapped back to file:line with `locate`. Each file is made to end in a newline first so the
 * separator always starts its own line and the line arithmetic holds.
 */
export async function readSources(names: readonly string[], io: Io): Promise<Sources> {
  if (names.length === 0) throw new CliError("no input: give a FILE or - for stdin");
  if (names.filter((n) => n === "-").length > 1) throw new CliError("stdin (-) can be read only once");
  const texts = await Promise.all(
    names.map((n) => readInput(n, io).catch((e: Error) => Promise.reject(new CliError(e.message)))),
  );
  return combine(names.map((n, i) => ({ name: n === "-" ? "<stdin>" : n, text: texts[i]! })));
}

export function combine(inputs: readonly { name: string; text: string }[]): Sources {
  const files: SourceFile[] = [];
  const parts: string[] = [];
  let line = 1;
  for (const input of inputs) {
    const text = input.text.endsWith("\n") ? input.text : `${input.text}\n`;
    const lineCount = text.split("\n").length - 1;
    files.push({ name: input.name, firstLine: line, lineCount });
    parts.push(text);
    line += lineCount + 1; // +1 for the `---` line that follows
  }
  return { text: parts.join("---\n"), files };
}

/** `file:line[:column]` for a 1-based line of the combined text. */
export function locate(sources: Sources, line: number | undefined, column?: number): string | undefined {
  if (line === undefined) return undefined;
  const file = [...sources.files].reverse().find((f) => f.firstLine <= line) ?? sources.files[0];
  if (!file) return undefined;
  const local = Math.min(line - file.firstLine + 1, Math.max(file.lineCount, 1));
  return `${file.name}:${local}${column !== undefined ? `:${column}` : ""}`;
}

/**
 * The 1-based start line of each document of the stream, indexed like the importer's documents
 * (empty documents included), so a document without issues can still be named by file:line.
 */
export function documentLines(text: string): number[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(docs)) return [];
  return docs.map((d) => {
    const start = d.contents?.range?.[0] ?? d.range[0];
    return lines.linePos(start).line;
  });
}
