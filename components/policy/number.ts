/** Text of a number input → number, or undefined for "unset". Never NaN or ±Infinity. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The text a number input shows for a value; unset is empty. */
export const formatNumber = (n: number | undefined): string =>
  n === undefined || !Number.isFinite(n) ? "" : String(n);

/** 2000 → "2 s", 1500 → "1.5 s", 250 → "250 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  if (Math.abs(ms) < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** 65536 → "64 KiB", 1048576 → "1 MiB", 100 → "100 B". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "?";
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}
