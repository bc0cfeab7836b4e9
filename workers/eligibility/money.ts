/**
 * Integer-fen arithmetic shared by the rule modules. SPEC §2: money is integer fen, never floats.
 *
 * The schemas bound every amount (see `schemas.ts`) so that each product the rules form —
 * at most amount × 1000 × 12 × 99 — stays below Number.MAX_SAFE_INTEGER and is exact.
 */

/** A ratio of two positive integers, so that "1.5 × dibao" is compared as 2·x ≤ 3·dibao. */
export type Ratio = { num: number; den: number };

/**
 * floor(n / d) for integers with d > 0, exact: the float quotient is only a first guess and is
 * corrected with integer products, which the bounds keep exact.
 */
export function floorDiv(n: number, d: number): number {
  let q = Math.floor(n / d);
  while (q * d > n) q -= 1;
  while ((q + 1) * d <= n) q += 1;
  return q;
}

/**
 * n / d rounded half away from zero (四舍五入 on the magnitude, as on the paper forms), d > 0.
 * Negative quotients mirror positive ones: −1.5 → −2, −1.4 → −1; never returns −0.
 */
export function roundHalfUpDiv(n: number, d: number): number {
  const magnitude = floorDiv(2 * Math.abs(n) + d, 2 * d);
  return n < 0 && magnitude !== 0 ? -magnitude : magnitude;
}

/** ratio × amount rounded half up to a fen (amount ≥ 0). */
export function applyRatio(amount: number, ratio: Ratio): number {
  return roundHalfUpDiv(amount * ratio.num, ratio.den);
}

/**
 * Fen as yuan for explanations read to the family: 123450 → "¥1,234.50", −5 → "-¥0.05".
 * Hand-written because Intl/toLocaleString would dominate the cost of an evaluation.
 */
export function formatYuan(fen: number): string {
  const negative = fen < 0;
  const abs = negative ? -fen : fen;
  const cents = abs % 100;
  return `${negative ? '-' : ''}¥${groupThousands((abs - cents) / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

function groupThousands(n: number): string {
  if (n < 1000) return String(n);
  const rest = n % 1000;
  return `${groupThousands((n - rest) / 1000)},${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}`;
}
