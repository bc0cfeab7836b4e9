import { describe, expect, it } from 'vitest';
import { assessmentProposal, milestoneStatus, periodWindow, sumFigures, unusedUpperFunds, type Progress } from '../../workers/year/rules';

const t = (iso: string) => new Date(iso);

describe('milestone status (seed 一 to 四 timeline)', () => {
  const deadline = t('2026-04-30T15:59:59Z');
  /** complete from `doneAt` on */
  const completeFrom = (doneAt: string | null): ((at: Date) => Progress) => (at) => ({ done: doneAt && at >= t(doneAt) ? 1 : 0, total: 1 });

  it('done when complete by the deadline, open before it, missed after it, late when completed since', () => {
    expect(milestoneStatus(completeFrom('2026-04-20T00:00:00Z'), t('2026-04-21T00:00:00Z'), deadline)).toBe('done');
    expect(milestoneStatus(completeFrom('2026-04-20T00:00:00Z'), t('2026-06-01T00:00:00Z'), deadline)).toBe('done');
    expect(milestoneStatus(completeFrom(null), t('2026-04-29T00:00:00Z'), deadline)).toBe('open');
    expect(milestoneStatus(completeFrom(null), t('2026-05-01T00:00:00Z'), deadline)).toBe('missed');
    expect(milestoneStatus(completeFrom('2026-05-03T00:00:00Z'), t('2026-05-05T00:00:00Z'), deadline)).toBe('late');
    // one second after the deadline is already late
    expect(milestoneStatus(completeFrom('2026-04-30T16:00:00Z'), t('2026-05-05T00:00:00Z'), deadline)).toBe('late');
  });

  it('not applicable when the union has nothing to do for it', () => {
    expect(milestoneStatus(() => null, t('2026-05-05T00:00:00Z'), deadline)).toBe('not_applicable');
  });
});

describe('unused upper-union funds (seed 一(一))', () => {
  const tx = (kind: string, amount: number, iso: string) => ({ kind, amount: BigInt(amount), createdAt: t(iso) });

  it('what came from above less what went out, at the cut-off', () => {
    const txns = [tx('retained', 1_000_000, '2026-01-01T00:00:00Z'), tx('allocation_in', 500_000, '2026-02-01T00:00:00Z'), tx('payment', -200_000, '2026-03-01T00:00:00Z'), tx('payment', -100_000, '2026-05-01T00:00:00Z')];
    expect(unusedUpperFunds(txns, t('2026-04-06T00:00:00Z'))).toEqual({ received: 500_000n, used: 200_000n, unused: 300_000n, balance: 1_300_000n });
    expect(unusedUpperFunds(txns, t('2026-12-31T00:00:00Z')).unused).toBe(200_000n);
    expect(unusedUpperFunds(txns, t('2026-01-15T00:00:00Z'))).toMatchObject({ received: 0n, unused: 0n });
  });

  it('allocations passed further down count as used; a reversal gives money back; never more than the balance', () => {
    const txns = [tx('allocation_in', 500_000, '2026-02-01T00:00:00Z'), tx('allocation_out', -300_000, '2026-02-02T00:00:00Z'), tx('payment', -100_000, '2026-02-03T00:00:00Z'), tx('reversal', 100_000, '2026-02-04T00:00:00Z')];
    expect(unusedUpperFunds(txns, t('2026-03-01T00:00:00Z'))).toMatchObject({ used: 300_000n, unused: 200_000n, balance: 200_000n });
    expect(unusedUpperFunds([tx('allocation_in', 500_000, '2026-02-01T00:00:00Z'), tx('payment', -600_000, '2026-02-02T00:00:00Z')], t('2026-03-01T00:00:00Z')).unused).toBe(0n);
  });
});

describe('reports summed upward', () => {
  it('adds leaf by leaf, keeping keys only one child has', () => {
    expect(sumFigures([{ files: { onFile: 2, byLevel: { county: 2 } }, money: { total: 100 } }, { files: { onFile: 3, byLevel: { county: 1, city: 2 } }, money: { total: 50 } }])).toEqual({
      files: { onFile: 5, byLevel: { county: 3, city: 2 } },
      money: { total: 150 },
    });
    expect(sumFigures([])).toEqual({});
  });

  it('a period is a year or a month in Asia/Shanghai', () => {
    expect(periodWindow('2026')).toMatchObject({ year: 2026, start: t('2025-12-31T16:00:00Z'), end: t('2026-12-31T16:00:00Z') });
    expect(periodWindow('2026-12')).toMatchObject({ start: t('2026-11-30T16:00:00Z'), end: t('2026-12-31T16:00:00Z'), startDay: t('2026-12-01T00:00:00Z'), endDay: t('2027-01-01T00:00:00Z') });
    expect(periodWindow('2026-03').endDay).toEqual(t('2026-04-01T00:00:00Z'));
  });
});

describe('assessment proposal (seed 四2)', () => {
  it('a union that reached its exit target loses nothing', () => {
    expect(assessmentProposal(3, 3)).toEqual({ targetReached: true, deductionPoints: 0, allocationCutPct: 0 });
    expect(assessmentProposal(0, 0)).toEqual({ targetReached: true, deductionPoints: 0, allocationCutPct: 0 });
  });
  it('one that missed it loses the item’s score and next year’s allocation by the share it missed', () => {
    expect(assessmentProposal(2, 1)).toEqual({ targetReached: false, deductionPoints: 10, allocationCutPct: 50 });
    expect(assessmentProposal(3, 1)).toEqual({ targetReached: false, deductionPoints: 10, allocationCutPct: 67 });
    expect(assessmentProposal(4, 0)).toMatchObject({ allocationCutPct: 100 });
  });
});
