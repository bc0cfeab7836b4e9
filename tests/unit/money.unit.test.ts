import { describe, it, expect } from 'vitest';
import { applyRatio, floorDiv, formatYuan, roundHalfUpDiv } from '../../workers/eligibility/money';

describe('formatYuan', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [50, '¥0.50'],
    [99_999, '¥999.99'],
    [100_000, '¥1,000.00'],
    [123_450, '¥1,234.50'],
    [3_240_000, '¥32,400.00'],
    [100_005_007, '¥1,000,050.07'],
    [100_000_000_000, '¥1,000,000,000.00'],
    [-5, '-¥0.05'],
    [-123_450, '-¥1,234.50'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('integer division', () => {
  it.each([
    [11, 12, 0],
    [12, 12, 1],
    [-1, 12, -1],
    [-12, 12, -1],
    [-13, 12, -2],
    [8_999_999_999_999, 1188, 7_575_757_575],
  ])('floorDiv(%i, %i) = %i', (n, d, q) => {
    expect(floorDiv(n, d)).toBe(q);
  });

  it.each([
    [3, 2, 2],
    [5, 2, 3],
    [1, 3, 0],
    [2, 3, 1],
    [-3, 2, -2],
    [-1, 3, 0],
    [-2, 3, -1],
    [0, 7, 0],
  ])('roundHalfUpDiv(%i, %i) = %i', (n, d, q) => {
    expect(Object.is(roundHalfUpDiv(n, d), q)).toBe(true);
  });

  it('applies a ratio with rounding half up to a fen', () => {
    expect(applyRatio(90_001, { num: 3, den: 2 })).toBe(135_002);
    expect(applyRatio(90_000, { num: 9, den: 5 })).toBe(162_000);
    expect(applyRatio(1, { num: 1, den: 3 })).toBe(0);
  });
});
