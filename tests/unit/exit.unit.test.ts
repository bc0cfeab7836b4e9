import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { dibaoForMonth, judgeExit, type ExitInput } from '../../workers/exit';

// Dibao rose from ¥800 to ¥900 on 1 July 2024.
const dibaoHistory = [
  { validFrom: '2023-07-01', dibao: 80_000 },
  { validFrom: '2024-07-01', dibao: 90_000 },
];
const H2 = ['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];

function record(months: string[], perCapita: number | ((month: string) => number)) {
  return months.map((month) => ({ month, perCapita: typeof perCapita === 'number' ? perCapita : perCapita(month) }));
}

function input(overrides: Partial<ExitInput> = {}): ExitInput {
  return {
    incomeRecord: record(H2, 90_001),
    dibaoHistory,
    causesRemoved: true,
    baselinePerCapita: 70_000,
    evaluationMonth: '2024-12',
    ...overrides,
  };
}

describe('judgeExit: 脱困 (seed 三: causes removed and 6 consecutive months above dibao)', () => {
  it('exits when every one of the last six months is one fen above dibao and causes are removed', () => {
    const r = judgeExit(input());
    expect(r.outcome).toBe('exited');
    expect(r.months).toEqual(H2.map((month) => ({ month, perCapita: 90_001, dibao: 90_000, above: true })));
    expect(r.reasons[0]).toBe('符合脱困标准，建议注销档案');
    expect(r.reasons).toContain('2024-07至2024-12连续6个月人均月收入均超过当月低保标准');
    expect(r.reasons).toContain('致困因素已消除');
  });

  it.each([
    ['exactly at dibao', 90_000],
    ['one fen below dibao', 89_999],
  ])('refuses exited when one of the last six months is %s', (_name, october) => {
    const r = judgeExit(input({ incomeRecord: record(H2, (m) => (m === '2024-10' ? october : 200_000)) }));
    expect(r.outcome).not.toBe('exited');
    expect(r.months[3]).toEqual({ month: '2024-10', perCapita: october, dibao: 90_000, above: false });
    expect(r.reasons).toContain(`2024-10人均月收入¥${october === 90_000 ? '900.00' : '899.99'}未超过当月低保标准¥900.00`);
  });

  it('refuses exited when causes are not removed, even with income above dibao', () => {
    // Average 90 001 ≥ 70 000 × 1.2 = 84 000: relieved instead.
    const r = judgeExit(input({ causesRemoved: false }));
    expect(r.outcome).toBe('relieved');
    expect(r.reasons).toContain('致困因素尚未消除');
  });

  it('a missing month breaks the run', () => {
    const r = judgeExit(input({ incomeRecord: record(['2024-06', ...H2.filter((m) => m !== '2024-10')], 120_000) }));
    expect(r.outcome).toBe('relieved');
    expect(r.months[3]).toEqual({ month: '2024-10', perCapita: null, dibao: 90_000, above: false });
    expect(r.reasons).toContain('缺少2024-10的收入记录，连续月数中断');
    // The relief test averages the last six recorded months, skipping the gap.
    expect(r.relief?.months).toEqual(['2024-06', '2024-07', '2024-08', '2024-09', '2024-11', '2024-12']);
  });

  it('uses the dibao in force on the first day of each month', () => {
    // Window 2024-04 … 2024-09: April–June at ¥800, July–September at ¥900.
    const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'];
    const r = judgeExit(input({ incomeRecord: record(months, 85_000), evaluationMonth: '2024-09' }));
    expect(r.months.map((m) => [m.dibao, m.above])).toEqual([
      [80_000, true],
      [80_000, true],
      [80_000, true],
      [90_000, false],
      [90_000, false],
      [90_000, false],
    ]);
    expect(r.outcome).not.toBe('exited');

    // A standard valid from mid-July applies from August.
    const midMonth = [{ validFrom: '2023-07-01', dibao: 80_000 }, { validFrom: '2024-07-15', dibao: 90_000 }];
    expect(dibaoForMonth(midMonth, '2024-07')).toBe(80_000);
    expect(dibaoForMonth(midMonth, '2024-08')).toBe(90_000);
    expect(dibaoForMonth(midMonth, '2023-06')).toBeNull();
  });

  it('a month without any dibao in force cannot count', () => {
    const r = judgeExit(input({ dibaoHistory: [{ validFrom: '2024-09-01', dibao: 90_000 }] }));
    expect(r.outcome).not.toBe('exited');
    expect(r.months[0]).toEqual({ month: '2024-07', perCapita: 90_001, dibao: null, above: false });
    expect(r.reasons).toContain('2024-07没有适用的低保标准，无法比较');
  });

  it('counts calendar months across a year boundary', () => {
    const months = ['2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02'];
    const r = judgeExit(input({ incomeRecord: record(months, 95_000), evaluationMonth: '2025-02' }));
    expect(r.months.map((m) => m.month)).toEqual(months);
    expect(r.outcome).toBe('exited');
  });

  it('ignores records after the evaluation month', () => {
    const later = judgeExit(input({ incomeRecord: [...record(H2, 90_001), { month: '2025-01', perCapita: 10 }] }));
    expect(later).toEqual(judgeExit(input()));
  });
});

describe('judgeExit: 解困 (income clearly up; default +20 % over the baseline)', () => {
  // Baseline 75 000: the threshold is 90 000; at dibao, so never exited.
  const atDibao = (total: number) =>
    // Six months summing to `total`, all at or below dibao.
    record(H2, (m) => (m === '2024-12' ? total - 5 * 90_000 : 90_000));

  it.each([
    ['average exactly 20 % up', 540_000, 'relieved'],
    ['average one fen (in the sum) short', 539_999, 'not_effective'],
  ] as const)('%s', (_name, total, outcome) => {
    const r = judgeExit(input({ incomeRecord: atDibao(total), baselinePerCapita: 75_000 }));
    expect(r.outcome).toBe(outcome);
  });

  it('explains the average against the baseline', () => {
    const r = judgeExit(input({ incomeRecord: record(H2, 97_500), baselinePerCapita: 75_000, causesRemoved: false }));
    expect(r.outcome).toBe('relieved');
    expect(r.relief).toEqual({ months: H2, averagePerCapita: 97_500, baselinePerCapita: 75_000, clearlyUp: true });
    expect(r.reasons[0]).toBe('符合解困标准，建议继续帮扶');
    expect(r.reasons).toContain(
      '最近6个记录月（2024-07至2024-12）平均人均月收入约¥975.00，建档时为¥750.00，变化30%，达到“明显增加”的标准（增加20%以上）',
    );
  });

  it('takes a configured threshold', () => {
    // +50 %: 60 000 × 1.5 = 90 000.
    const half = { num: 3, den: 2 };
    expect(judgeExit(input({ incomeRecord: record(H2, 90_000), baselinePerCapita: 60_000, relievedMinRatio: half })).outcome).toBe('relieved');
    expect(judgeExit(input({ incomeRecord: record(H2, 89_999), baselinePerCapita: 60_000, relievedMinRatio: half })).outcome).toBe('not_effective');
  });

  it('handles a zero or negative baseline', () => {
    // Baseline 0: any rise counts; no rise does not.
    expect(judgeExit(input({ incomeRecord: record(H2, 1), baselinePerCapita: 0 })).outcome).toBe('relieved');
    expect(judgeExit(input({ incomeRecord: record(H2, 0), baselinePerCapita: 0 })).outcome).toBe('not_effective');
    // Baseline −10 000: threshold −10 000 + 20 % × 10 000 = −8 000.
    expect(judgeExit(input({ incomeRecord: record(H2, -8_000), baselinePerCapita: -10_000 })).outcome).toBe('relieved');
    expect(judgeExit(input({ incomeRecord: record(H2, -8_001), baselinePerCapita: -10_000 })).outcome).toBe('not_effective');
  });

  it('needs six recorded months to judge a rise', () => {
    const r = judgeExit(input({ incomeRecord: record(['2024-10', '2024-11', '2024-12'], 200_000) }));
    expect(r.outcome).toBe('not_effective');
    expect(r.relief).toBeNull();
    expect(r.reasons[0]).toBe('帮扶效果不理想，建议继续帮扶');
    expect(r.reasons).toContain('收入记录不足6个月（仅3个月），无法认定收入明显增加');
  });
});

describe('judgeExit input', () => {
  it.each([
    ['duplicate month', { incomeRecord: [...record(H2, 90_001), { month: '2024-12', perCapita: 1 }] }],
    ['month 13', { evaluationMonth: '2024-13' }],
    ['year 0000', { evaluationMonth: '0000-03' }],
    ['month without zero padding', { incomeRecord: record(['2024-7'], 1) }],
    ['fractional fen', { incomeRecord: record(H2, 90_000.5) }],
    ['no dibao history', { dibaoHistory: [] }],
    ['duplicate dibao date', { dibaoHistory: [...dibaoHistory, { validFrom: '2024-07-01', dibao: 95_000 }] }],
    ['dibao 0', { dibaoHistory: [{ validFrom: '2024-01-01', dibao: 0 }] }],
    ['invalid dibao date', { dibaoHistory: [{ validFrom: '2024-02-30', dibao: 90_000 }] }],
    ['threshold below 1', { relievedMinRatio: { num: 4, den: 5 } }],
  ])('refuses %s', (_name, overrides) => {
    expect(() => judgeExit(input(overrides as Partial<ExitInput>))).toThrow(ZodError);
  });

  it('does not depend on the order of the records or of the dibao history', () => {
    const months = ['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];
    // Some months missing, incomes around the dibao lines, then the same rows in another order.
    const rowsAndShuffled = fc
      .subarray(months)
      .chain((present) => fc.tuple(...present.map((month) => fc.record({ month: fc.constant(month), perCapita: fc.integer({ min: 60_000, max: 120_000 }) }))))
      .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })));
    fc.assert(
      fc.property(rowsAndShuffled, fc.boolean(), ([rows, shuffled], causesRemoved) => {
        const a = judgeExit(input({ incomeRecord: rows, causesRemoved }));
        const b = judgeExit(input({ incomeRecord: shuffled, dibaoHistory: [...dibaoHistory].reverse(), causesRemoved }));
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});
