/**
 * 专项督查随机抽查 (SPEC §5.5, seed 四6). A supervisor names the union, the year, the share and a
 * seed; the sample is drawn from that union's subtree in case-number order, so the same seed
 * redraws the same files. The four answers per file and the follow-up of negative findings are
 * recorded from the `spot-check` process's tasks.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { inScope, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { maskName } from '../../workers/identity/resident-id';
import { drawSample } from '../../workers/campaigns/sample';
import { isNegative, type SpotCheckAnswers } from '../../workers/campaigns/spot-check';
import { yearWindow } from '../../workers/campaigns/targets';
import { StartSpotCheckSchema } from './campaigns.schema';
import { roleOver, visibleOrg } from './scope';

/**
 * The files a spot check of a union for a year draws from, in a stable order: the subtree's
 * files on file now, and those that exited during the year (脱困成效真不真 asks about them).
 */
export async function spotCheckPopulation(tx: Tx, orgPath: string, year: number) {
  const { start, end } = yearWindow(year);
  return tx.householdFile.findMany({
    where: { orgPath: { startsWith: orgPath }, filedAt: { lt: end }, OR: [{ status: 'filed' }, { exitedAt: { gte: start, lt: end } }] },
    select: { id: true, caseNo: true },
    orderBy: { caseNo: 'asc' },
  });
}

export async function startSpotCheck(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = StartSpotCheckSchema.parse(body);
  const now = ctx.clock.now();
  const id = await ctx.db.prisma.$transaction(
    async (tx) => {
      const org = await visibleOrg(tx, user, input.orgId);
      const grant = roleOver(user, 'supervisor', org.path, '只有督查组可以发起抽查');
      const population = await spotCheckPopulation(tx, org.path, input.year);
      if (!population.length) throw new AppError('UNPROCESSABLE', '该组织当年没有可抽查的档案', { orgId: `${org.name}${input.year}年没有可抽查的档案` });
      const sample = drawSample(population, input.sharePct, input.seed);
      const check = await tx.spotCheck.create({ data: { orgId: org.id, year: input.year, seed: input.seed, sharePct: input.sharePct, status: 'checking', createdBy: user.id, createdAt: now } });
      await tx.spotCheckItem.createMany({ data: sample.map((f) => ({ spotCheckId: check.id, fileId: f.id })) });
      const started = await ctx.engine.startInstance(
        'spot-check',
        { businessKey: `spot-check-${check.id}`, orgPath: org.path, variables: { spotCheckId: check.id, orgId: org.id, orgs: { supervisor: grant.orgId } } },
        tx,
      );
      await tx.spotCheck.update({ where: { id: check.id }, data: { instanceId: started.instanceId } });
      await audit(tx, user, { action: 'start', entity: 'spot_check', entityId: check.id, after: { ...input, population: population.length, sample: sample.length }, orgId: org.id }, now);
      return check.id;
    },
    { timeout: 30_000 },
  );
  return getSpotCheck(ctx, user, id);
}

async function findSpotCheck(tx: Tx, user: AuthUser, id: string) {
  const check = await tx.spotCheck.findUnique({ where: { id } });
  const org = check ? await tx.org.findUnique({ where: { id: check.orgId } }) : null;
  if (!check || !org || !inScope(user, org.path)) throw new AppError('NOT_FOUND', '抽查不存在');
  return { check, org };
}

export async function listSpotChecks(ctx: AppContext, user: AuthUser) {
  const prisma = ctx.db.prisma;
  const checks = await prisma.spotCheck.findMany({ orderBy: { createdAt: 'desc' } });
  const orgs = new Map((await prisma.org.findMany({ where: { id: { in: checks.map((c) => c.orgId) } } })).map((o) => [o.id, o]));
  return checks
    .filter((c) => inScope(user, orgs.get(c.orgId)?.path))
    .map((c) => ({ id: c.id, orgId: c.orgId, orgName: orgs.get(c.orgId)!.name, year: c.year, seed: c.seed, sharePct: c.sharePct, status: c.status, createdBy: c.createdBy, createdAt: c.createdAt }));
}

/** The spot check with its sample (names masked) and what was found. */
export async function getSpotCheck(ctx: AppContext, user: AuthUser, id: string) {
  return ctx.db.prisma.$transaction(async (tx) => {
    const { check, org } = await findSpotCheck(tx, user, id);
    const items = await tx.spotCheckItem.findMany({ where: { spotCheckId: check.id } });
    const files = new Map(
      (await tx.householdFile.findMany({ where: { id: { in: items.map((i) => i.fileId) } }, include: { org: { select: { name: true } } } })).map((f) => [f.id, f]),
    );
    const population = (await spotCheckPopulation(tx, org.path, check.year)).length;
    return {
      id: check.id,
      orgId: check.orgId,
      orgName: org.name,
      year: check.year,
      seed: check.seed,
      sharePct: check.sharePct,
      status: check.status,
      createdBy: check.createdBy,
      createdAt: check.createdAt,
      population,
      items: items
        .map((i) => ({ i, f: files.get(i.fileId)! }))
        .sort((a, b) => a.f.caseNo.localeCompare(b.f.caseNo))
        .map(({ i, f }) => ({
          id: i.id,
          fileId: f.id,
          caseNo: f.caseNo,
          fileNo: f.fileNo,
          applicantName: maskName(f.applicantName),
          orgName: f.org.name,
          fileStatus: f.status,
          answers: i.answers,
          negative: i.negative,
          followUp: i.followUp,
          checkedBy: i.checkedBy,
          checkedAt: i.checkedAt,
        })),
    };
  });
}

/** 督查抽查: the four answers for every sampled file, exactly once each. */
export async function recordSpotCheckAnswers(tx: Tx, user: AuthUser, spotCheckId: string, items: Array<{ fileId: string; answers: SpotCheckAnswers }>, now: Date) {
  const sample = await tx.spotCheckItem.findMany({ where: { spotCheckId } });
  const byFile = new Map(sample.map((i) => [i.fileId, i]));
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (!byFile.has(it.fileId)) throw new AppError('UNPROCESSABLE', '该档案不在抽查样本中', { [`items.${i}.fileId`]: '该档案不在抽查样本中' });
    if (seen.has(it.fileId)) throw new AppError('UNPROCESSABLE', '同一档案只能填写一次', { [`items.${i}.fileId`]: '同一档案只能填写一次' });
    seen.add(it.fileId);
  });
  const missing = sample.length - seen.size;
  if (missing) throw new AppError('UNPROCESSABLE', `还有 ${missing} 份抽查档案未填写`, { items: `还有 ${missing} 份抽查档案未填写` });
  for (const it of items) {
    await tx.spotCheckItem.update({ where: { id: byFile.get(it.fileId)!.id }, data: { answers: it.answers, negative: isNegative(it.answers), checkedBy: user.id, checkedAt: now } });
  }
  await audit(tx, user, { action: 'check', entity: 'spot_check', entityId: spotCheckId, after: { negative: items.filter((it) => isNegative(it.answers)).map((it) => it.fileId) } }, now);
}

/** 问题整改跟进: what was done about every file with a negative answer. */
export async function recordSpotCheckFollowUps(tx: Tx, user: AuthUser, spotCheckId: string, items: Array<{ fileId: string; followUp: string }>, now: Date) {
  const negative = await tx.spotCheckItem.findMany({ where: { spotCheckId, negative: true } });
  const byFile = new Map(negative.map((i) => [i.fileId, i]));
  items.forEach((it, i) => {
    if (!byFile.has(it.fileId)) throw new AppError('UNPROCESSABLE', '该档案没有需要整改的问题', { [`items.${i}.fileId`]: '该档案没有需要整改的问题' });
  });
  const answered = new Set(items.map((it) => it.fileId));
  const missing = negative.filter((n) => !answered.has(n.fileId)).length;
  if (missing) throw new AppError('UNPROCESSABLE', `还有 ${missing} 份档案的问题未填写整改情况`, { items: `还有 ${missing} 份档案的问题未填写整改情况` });
  for (const it of items) await tx.spotCheckItem.update({ where: { id: byFile.get(it.fileId)!.id }, data: { followUp: it.followUp } });
  await audit(tx, user, { action: 'follow_up', entity: 'spot_check', entityId: spotCheckId, after: { items } }, now);
}
