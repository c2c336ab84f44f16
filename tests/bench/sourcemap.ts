import { readFileSync } from "node:fs";
import path from "node:path";

/** Minimal source-map v3 reader: enough to turn bundle positions in a CPU profile back into file:line. */
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VAL = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const d = VAL.get(ch)!;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** [generatedColumn, sourceIndex, sourceLine, sourceColumn] per segment, per generated line. */
type Line = [number, number, number, number][];

export interface SourceMap {
  /** 0-based line and column in the bundle -> original file (absolute) and 1-based line. */
  lookup(line: number, column: number): { file: string; line: number } | null;
}

export function loadSourceMap(mapFile: string): SourceMap {
  const raw = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
  const base = path.resolve(path.dirname(mapFile), raw.sourceRoot ?? "");
  const sources = raw.sources.map((s) => path.resolve(base, s));
  const lines: Line[] = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const l of raw.mappings.split(";")) {
    const segs: Line = [];
    let col = 0;
    for (const s of l.split(",")) {
      if (s === "") continue;
      const v = decodeVlq(s);
      col += v[0]!;
      if (v.length >= 4) {
        src += v[1]!;
        srcLine += v[2]!;
        srcCol += v[3]!;
        segs.push([col, src, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  return {
    lookup(line, column) {
      const segs = lines[line];
      if (!segs || segs.length === 0) return null;
      let best = segs[0]!;
      for (const s of segs) {
        if (s[0] > column) break;
        best = s;
      }
      return { file: sources[best[1]]!, line: best[2] + 1 };
    },
  };
}
