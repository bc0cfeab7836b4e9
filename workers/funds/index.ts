/**
 * File and fund levels, SPEC §4, seed 一(三)5–6: 困难职工档案共分五级; 本级档案只能用本级和本级以下的资金.
 * Pure: no I/O. The ledger that keeps a fund from going below zero lives in the API.
 */
import { z } from 'zod';

/** Highest first. */
export const LEVELS = ['national', 'provincial', 'city', 'county', 'grassroots'] as const;
export type Level = (typeof LEVELS)[number];

export const LevelSchema = z.enum(LEVELS, { error: '级别无效' });

export const LEVEL_LABELS: Record<Level, string> = {
  national: '全国级',
  provincial: '省级',
  city: '市级',
  county: '县（区）级',
  grassroots: '基层级',
};

/** Higher level, higher rank: grassroots 0 … national 4. */
export function levelRank(level: Level): number {
  const index = LEVELS.indexOf(level);
  // An unknown string must never rank above a real level and unlock a higher fund.
  if (index < 0) throw new RangeError(`未知级别：${String(level)}`);
  return LEVELS.length - 1 - index;
}

/**
 * A file of level `fileLevel` may be paid from a fund of `fundLevel` only when the fund is of
 * the same level or lower (a national file from any fund, a grassroots file only from
 * grassroots funds).
 */
export function canUseFund(fileLevel: Level, fundLevel: Level): boolean {
  return levelRank(fundLevel) <= levelRank(fileLevel);
}

/** The fund levels a file of this level may draw on, highest first. */
export function usableFundLevels(fileLevel: Level): Level[] {
  return LEVELS.filter((fundLevel) => canUseFund(fileLevel, fundLevel));
}
