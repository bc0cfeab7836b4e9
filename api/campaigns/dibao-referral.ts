/**
 * 低保未覆盖名单 (SPEC §5.4, seed 二(一)4): 请各区县工会…收集…人员名单，于6月底前报市总工会保障部，
 * 统一交民政复核. The city starts the year's referral: one list and one `dibao-referral`
 * instance per county-level union under it (区县工会、市直属、系统工委), because each county
 * confirms its own list; the county's task is due at the deadline, and when the deadline passes
 * the list goes to the city as collected.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { inScope, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { shanghaiDate, shanghaiYear } from '../time';
import { standardsFor } from '../standards/standards';
import { ApplicationSchema } from '../applications/application.schema';
import { standardsRegion } from '../applications/facts';
import { maskName } from '../../workers/identity/resident-id';
import type { ReferralAnswer } from '../../workers/campaigns/dibao-referral';
import { StartReferralSchema, YearSchema } from './campaigns.schema';
import { dateColumn, dayOf } from './scope';

/** The end of the deadline day in Asia/Shanghai: the county's task is due then and the timer fires. */
export const deadlineInstant = (day: string) => new Date(`${day}T23:59:59+08:00`);

type Referral = { id: string; orgId: string; year: number; deadline: Date; status: string; sentAt: Date | null; answeredAt: Date | null; createdAt: Date };

function referralView(r: Referral, orgName: string) {
  return { id: r.id, orgId: r.orgId, orgName, year: r.year, deadline: dayOf(r.deadline), status: r.status, sentAt: r.sentAt, answeredAt: r.answeredAt, createdAt: r.createdAt };
}

/** 发起低保未覆盖名单收集 (city reviewers), by default due on 30 June of the year. */
export async function startDibaoReferrals(ctx: AppContext, user: AuthUser, body: unknown) {
  const grants = user.roles.filter((r) => r.role === 'city_reviewer');
  if (!grants.length) throw new AppError('FORBIDDEN', '只有市总工会保障部可以发起低保未覆盖名单收集');
  const input = StartReferralSchema.parse(body);
  const grant = input.orgId ? grants.find((g) => g.orgId === input.orgId) : grants[0];
  if (!grant) throw new AppError('UNPROCESSABLE', '不能为其他工会发起名单收集', { orgId: '不能为其他工会发起名单收集' });
  const now = ctx.clock.now();
  const year = input.year ?? shanghaiYear(now);
  const deadline = input.deadline ?? `${year}-06-30`;
  if (!deadline.startsWith(`${year}-`)) throw new AppError('UNPROCESSABLE', '报送截止日期应在当年内', { deadline: `报送截止日期应在${year}年内` });
  if (deadline < shanghaiDate(now)) throw new AppError('UNPROCESSABLE', '报送截止日期不能早于今天', { deadline: '报送截止日期不能早于今天' });

  return ctx.db.prisma.$transaction(
    async (tx) => {
      const counties = await tx.org.findMany({ where: { parentId: grant.orgId }, orderBy: { id: 'asc' } });
      if (await tx.dibaoReferral.count({ where: { orgId: { in: counties.map((c) => c.id) }, year } })) {
        throw new AppError('CONFLICT', `${year}年的低保未覆盖名单已经开始收集`);
      }
      const out = [];
      for (const county of counties) {
        const referral = await tx.dibaoReferral.create({ data: { orgId: county.id, year, deadline: dateColumn(deadline), status: 'collecting', createdAt: now } });
        const started = await ctx.engine.startInstance(
          'dibao-referral',
          {
            businessKey: `dibao-${year}-${county.id}`,
            orgPath: county.path,
            variables: { referralId: referral.id, year, deadlineAt: deadlineInstant(deadline).toISOString(), orgs: { county: county.id, city: grant.orgId } },
          },
          tx,
        );
        const saved = await tx.dibaoReferral.update({ where: { id: referral.id }, data: { instanceId: started.instanceId } });
        out.push(referralView(saved, county.name));
      }
      await audit(tx, user, { action: 'start', entity: 'dibao_referral', entityId: null, after: { year, deadline, counties: counties.length }, orgId: grant.orgId }, now);
      return out;
    },
    { timeout: 120_000 },
  );
}

export const ReferralFilterSchema = z.object({ year: YearSchema.optional() });

/** The lists of county-level unions inside the caller's subtree (a union below sees none). */
export async function listDibaoReferrals(ctx: AppContext, user: AuthUser, filter: z.infer<typeof ReferralFilterSchema>) {
  const prisma = ctx.db.prisma;
  const referrals = await prisma.dibaoReferral.findMany({ where: filter.year ? { year: filter.year } : {}, orderBy: [{ year: 'desc' }, { orgId: 'asc' }] });
  const orgs = new Map((await prisma.org.findMany({ where: { id: { in: referrals.map((r) => r.orgId) } } })).map((o) => [o.id, o]));
  const visible = referrals.filter((r) => inScope(user, orgs.get(r.orgId)?.path));
  const counts = await prisma.dibaoReferralItem.groupBy({ by: ['referralId'], where: { referralId: { in: visible.map((r) => r.id) } }, _count: { _all: true } });
  const count = new Map(counts.map((c) => [c.referralId, c._count._all]));
  return visible.map((r) => ({ ...referralView(r, orgs.get(r.orgId)!.name), households: count.get(r.id) ?? 0 }));
}

async function findReferral(tx: Tx, user: AuthUser, id: string) {
  const referral = await tx.dibaoReferral.findUnique({ where: { id } });
  const org = referral ? await tx.org.findUnique({ where: { id: referral.orgId } }) : null;
  if (!referral || !org || !inScope(user, org.path)) throw new AppError('NOT_FOUND', '低保未覆盖名单不存在');
  return { referral, org };
}

/** The list with each household's per-capita income beside the dibao it was compared with (fen per month). */
export async function getDibaoReferral(ctx: AppContext, user: AuthUser, id: string) {
  return ctx.db.prisma.$transaction(async (tx) => {
    const { referral, org } = await findReferral(tx, user, id);
    const items = await tx.dibaoReferralItem.findMany({ where: { referralId: referral.id } });
    const files = await tx.householdFile.findMany({ where: { id: { in: items.map((i) => i.fileId) } }, include: { org: { select: { name: true } } } });
    const byId = new Map(files.map((f) => [f.id, f]));
    const day = shanghaiDate(referral.createdAt);
    const dibao = new Map<string, number | null>();
    const rows = [];
    for (const item of items) {
      const f = byId.get(item.fileId);
      if (!f) continue;
      const app = ApplicationSchema.safeParse(f.form);
      const region = app.success ? standardsRegion(app.data) : null;
      if (region && !dibao.has(region)) dibao.set(region, (await standardsFor(tx, region, day))?.dibao ?? null);
      rows.push({
        id: item.id,
        fileId: f.id,
        caseNo: f.caseNo,
        fileNo: f.fileNo,
        applicantName: maskName(f.applicantName),
        orgName: f.org.name,
        perCapita: item.perCapita,
        dibao: region ? dibao.get(region)! : null,
        answer: item.answer,
        note: item.note,
        answeredAt: item.answeredAt,
      });
    }
    rows.sort((a, b) => (a.fileNo ?? a.caseNo).localeCompare(b.fileNo ?? b.caseNo));
    return { ...referralView(referral, org.name), items: rows };
  });
}

/**
 * 区县/市总确认名单: an official takes households off the list (already covered, moved away…)
 * with a reason. Field keys name the form's `excludedFileIds.<i>`.
 */
export async function excludeFromReferral(tx: Tx, user: AuthUser, referralId: string, fileIds: string[], comment: string, now: Date) {
  if (!fileIds.length) return;
  const items = await tx.dibaoReferralItem.findMany({ where: { referralId, fileId: { in: fileIds } } });
  const found = new Set(items.map((i) => i.fileId));
  const missing = fileIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new AppError('UNPROCESSABLE', '名单中没有该户', { [`excludedFileIds.${missing}`]: '名单中没有该户' });
  await tx.dibaoReferralItem.deleteMany({ where: { id: { in: items.map((i) => i.id) } } });
  await audit(tx, user, { action: 'exclude', entity: 'dibao_referral', entityId: referralId, before: { fileIds }, after: { comment } }, now);
}

/** 录入民政复核结果 from civil affairs' reply letter: one answer per household still waiting. */
export async function recordReferralAnswers(tx: Tx, user: AuthUser, referralId: string, answers: Array<{ fileId: string; answer: ReferralAnswer; note?: string }>, now: Date) {
  const waiting = await tx.dibaoReferralItem.findMany({ where: { referralId, answer: null } });
  const byFile = new Map(waiting.map((i) => [i.fileId, i]));
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!byFile.has(a.fileId)) throw new AppError('UNPROCESSABLE', '名单中没有该户，或已有复核结果', { [`answers.${i}.fileId`]: '名单中没有该户，或已有复核结果' });
    if (seen.has(a.fileId)) throw new AppError('UNPROCESSABLE', '同一户只能录入一次', { [`answers.${i}.fileId`]: '同一户只能录入一次' });
    seen.add(a.fileId);
  });
  const missing = waiting.length - seen.size;
  if (missing) throw new AppError('UNPROCESSABLE', `还有 ${missing} 户未录入民政复核结果`, { answers: `还有 ${missing} 户未录入民政复核结果` });
  for (const a of answers) {
    await tx.dibaoReferralItem.update({ where: { id: byFile.get(a.fileId)!.id }, data: { answer: a.answer, note: a.note ?? null, answeredAt: now } });
  }
  await audit(tx, user, { action: 'record_answers', entity: 'dibao_referral', entityId: referralId, after: { answers } }, now);
}
