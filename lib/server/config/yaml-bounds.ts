/**
 * Bounds on a YAML import, checked before anything is converted: documents, mapping keys, nodes (with every
 * alias counted as the size of what it expands to, so a "billion laughs" document is refused before it is
 * expanded), nesting depth and alias nodes. Runs in the import worker. No `import "server-only"`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseAllDocuments, type Document } from "yaml";

export const YAML_LIMITS = { documents: 1_000, keys: 100_000, nodes: 250_000, depth: 64, aliases: 100 };
export type YamlLimits = typeof YAML_LIMITS;

export interface BoundsViolation {
  /** Index of the document (0-based, as in the import report). */
  document: number;
  line?: number;
  column?: number;
  message: string;
}

const DOCUMENT_START = "\u0002";

/**
 * Flow collections (`[[[[…`) nest without indentation, so their depth is found from the lexer's tokens before
 * the recursive composer sees them.
 */
function flowDepthViolation(text: string, limit: number): BoundsViolation | null {
  let depth = 0;
  let line = 1;
  let document = -1;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT_START) {
      document++;
      depth = 0;
    } else if (token === "[" || token === "{") {
      if (++depth > limit) return { document: Math.max(0, document), line, message: `nested deeper than ${limit}` };
    } else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
    for (let i = token.indexOf("\n"); i >= 0; i = token.indexOf("\n", i + 1)) line++;
  }
  return null;
}

interface Totals {
  keys: number;
  nodes: number;
  aliases: number;
}

type Node = NonNullable<Document["contents"]>;

/** The number of nodes `node` stands for once aliases are expanded (memoised, so linear in the document). */
function expandedSize(node: unknown, doc: Document, memo: Map<unknown, number>, visiting: Set<unknown>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  if (visiting.has(node)) return Infinity;
  visiting.add(node);
  let size = 1;
  if (isAlias(node)) size = expandedSize(node.resolve(doc), doc, memo, visiting);
  else if (isMap(node))
    for (const pair of node.items)
      size += expandedSize(pair.key, doc, memo, visiting) + expandedSize(pair.value, doc, memo, visiting);
  else if (isSeq(node)) for (const item of node.items) size += expandedSize(item, doc, memo, visiting);
  visiting.delete(node);
  memo.set(node, size);
  return size;
}

function walkDocument(doc: Document, index: number, lines: LineCounter, limits: YamlLimits, totals: Totals) {
  const at = (node: unknown, message: string): BoundsViolation => {
    const start = (node as { range?: [number, number, number] }).range?.[0];
    const pos = start === undefined ? undefined : lines.linePos(start);
    return { document: index, line: pos?.line, column: pos?.col, message };
  };
  const memo = new Map<unknown, number>();
  const stack: { node: unknown; depth: number }[] = doc.contents ? [{ node: doc.contents as Node, depth: 1 }] : [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (depth > limits.depth) return at(node, `nested deeper than ${limits.depth}`);
    if (isAlias(node)) {
      if (++totals.aliases > limits.aliases) return at(node, `more than ${limits.aliases} aliases`);
      totals.nodes += expandedSize(node, doc, memo, new Set());
    } else if (isMap(node)) {
      totals.nodes++;
      totals.keys += node.items.length;
      if (totals.keys > limits.keys) return at(node, `more than ${limits.keys} keys`);
      for (const pair of node.items)
        if (isPair(pair)) stack.push({ node: pair.value, depth: depth + 1 }, { node: pair.key, depth: depth + 1 });
    } else if (isSeq(node)) {
      totals.nodes++;
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    } else if (isScalar(node)) totals.nodes++;
    if (totals.nodes > limits.nodes)
      return at(node, `more than ${limits.nodes} nodes (aliases counted as what they expand to)`);
  }
  return null;
}

/** The first bound the text breaks, with its document and line, or null when it is within every bound. */
export function checkYamlBounds(text: string, limits: YamlLimits = YAML_LIMITS): BoundsViolation | null {
  const flow = flowDepthViolation(text, limits.depth);
  if (flow) return flow;
  const lines = new LineCounter();
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter: lines });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The composer recurses per block level; a stack overflow means indentation nested absurdly deep.
    if (error instanceof RangeError) return { document: 0, message: `nested too deeply to parse (${error.message})` };
    throw error;
  }
  if (docs.length > limits.documents) {
    const start = docs[limits.documents]?.range?.[0] ?? 0;
    return {
      document: limits.documents,
      line: lines.linePos(start).line,
      message: `more than ${limits.documents} documents`,
    };
  }
  const totals: Totals = { keys: 0, nodes: 0, aliases: 0 };
  for (const [index, doc] of docs.entries()) {
    const violation = walkDocument(doc, index, lines, limits, totals);
    if (violation) return violation;
  }
  return null;
}
