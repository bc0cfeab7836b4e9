import type { PrismaClient } from '../../prisma/generated/client';
import type { Tx } from '../db/client';
import { evaluateParsed, summarize, formatYuan } from '../../workers/eligibility';
import { qualifyingLevels } from '../../workers/levels';
import type { Application } from '../applications/application.schema';
import { factsFromApplication, reconcileIncome, standardsRegion } from '../applications/facts';
import { standardsFor } from '../standards/standards';
import { AppError } from '../errors';

/**
 * The eligibility pre-check of one application on a date (SPEC §3–4): national criteria and
 * exclusions with their explanation, every level the household qualifies for under the rule sets
 * in force, and the reconciliation of the two income declarations. The filing worker and
 * `POST /api/eligibility/evaluate` both call this, so officials see what the process will decide.
 */
export async function assessApplication(db: Tx | PrismaClient, app: Application, date: string, flags: { blacklisted: boolean }) {
  const region = standardsRegion(app);
  const standards = await standardsFor(db, region, date);
  if (!standards) throw new AppError('UNPROCESSABLE', `未配置地区 ${region} 在 ${date} 的低保标准`, { 'applicant.hukouRegion': `未配置地区 ${region} 的低保标准` });
  const facts = factsFromApplication(app, flags);
  const std = { dibao: standards.dibao, ...(standards.lowIncomeLine !== undefined && { lowIncomeLine: standards.lowIncomeLine }) };
  const result = evaluateParsed(facts, std);
  const ruleSets = (await db.levelRuleSet.findMany({ orderBy: [{ level: 'asc' }, { version: 'asc' }] })).map((r) => r.definition);
  const levels = qualifyingLevels(facts, std, ruleSets, { on: date });
  return {
    eligible: result.eligible,
    criteria: result.criteria,
    exclusions: result.exclusions,
    perCapitaMonthlyIncome: result.perCapitaMonthlyIncome,
    summary: summarize(result),
    checks: result.checks.map((c) => ({ id: c.id, kind: c.kind, passed: c.passed, explanation: c.explanation })),
    levels: levels.levels,
    levelVerdicts: levels.verdicts,
    reconciliation: reconcileIncome(app),
    standards: {
      regionCode: standards.regionCode,
      validFrom: standards.validFrom,
      dibao: standards.dibao,
      dibaoText: formatYuan(standards.dibao),
      lowIncomeLine: standards.lowIncomeLine ?? null,
      isDemo: standards.isDemo,
    },
    evaluatedOn: date,
  };
}

export type Assessment = Awaited<ReturnType<typeof assessApplication>>;
