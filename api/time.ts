/** Dates shown and reasoned about in Asia/Shanghai (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600_000;

/** YYYY-MM-DD of an instant in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDate(at).slice(0, 4));
}
