/**
 * Reproducible random samples for spot checks (seed 四6: 全面督查与随机抽查相结合). A supervisor
 * gives a seed; the same seed over the same files in the same order draws the same sample, so
 * anyone can redraw it and see that nobody picked the files by hand.
 */

/** mulberry32: a 32-bit seeded generator, identical on every platform (no Math.random). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `sharePct` % of the population rounded up, at least one file when there is any. */
export function sampleSize(population: number, sharePct: number): number {
  if (population <= 0) return 0;
  return Math.min(population, Math.max(1, Math.floor((population * sharePct + 99) / 100)));
}

/**
 * Draws `sampleSize(ordered.length, sharePct)` elements by a partial Fisher–Yates shuffle.
 * The caller passes the population in a stable order (e.g. by case number): the order is part
 * of what makes the draw reproducible.
 */
export function drawSample<T>(ordered: readonly T[], sharePct: number, seed: number): T[] {
  const k = sampleSize(ordered.length, sharePct);
  const pool = [...ordered];
  const random = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}
