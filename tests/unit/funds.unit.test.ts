import { describe, it, expect } from 'vitest';
import { ZodError } from 'zod';
import { LEVELS, LevelSchema, canUseFund, levelRank, usableFundLevels, type Level } from '../../workers/funds';

describe('levels (SPEC §4, seed 一(三)5)', () => {
  it('are the five levels, highest first', () => {
    expect(LEVELS).toEqual(['national', 'provincial', 'city', 'county', 'grassroots']);
  });

  it('rank higher levels higher', () => {
    expect(LEVELS.map(levelRank)).toEqual([4, 3, 2, 1, 0]);
  });

  it('refuses unknown levels', () => {
    expect(LevelSchema.parse('county')).toBe('county');
    expect(() => LevelSchema.parse('town')).toThrow(ZodError);
    expect(() => levelRank('town' as Level)).toThrow(RangeError);
    expect(() => canUseFund('town' as Level, 'national')).toThrow(RangeError);
  });
});

describe('canUseFund: a file is paid from funds of its own level or lower (seed 一(三)6)', () => {
  // Written out by hand, row = file level, column = fund level.
  const matrix: [Level, Level, boolean][] = [
    ['national', 'national', true],
    ['national', 'provincial', true],
    ['national', 'city', true],
    ['national', 'county', true],
    ['national', 'grassroots', true],
    ['provincial', 'national', false],
    ['provincial', 'provincial', true],
    ['provincial', 'city', true],
    ['provincial', 'county', true],
    ['provincial', 'grassroots', true],
    ['city', 'national', false],
    ['city', 'provincial', false],
    ['city', 'city', true],
    ['city', 'county', true],
    ['city', 'grassroots', true],
    ['county', 'national', false],
    ['county', 'provincial', false],
    ['county', 'city', false],
    ['county', 'county', true],
    ['county', 'grassroots', true],
    ['grassroots', 'national', false],
    ['grassroots', 'provincial', false],
    ['grassroots', 'city', false],
    ['grassroots', 'county', false],
    ['grassroots', 'grassroots', true],
  ];

  it('covers all 25 pairs', () => {
    expect(new Set(matrix.map(([a, b]) => `${a}/${b}`)).size).toBe(25);
  });

  it.each(matrix)('%s file, %s fund → %s', (file, fund, allowed) => {
    expect(canUseFund(file, fund)).toBe(allowed);
  });

  it('lists the usable fund levels', () => {
    expect(usableFundLevels('national')).toEqual(['national', 'provincial', 'city', 'county', 'grassroots']);
    expect(usableFundLevels('county')).toEqual(['county', 'grassroots']);
    expect(usableFundLevels('grassroots')).toEqual(['grassroots']);
  });
});
