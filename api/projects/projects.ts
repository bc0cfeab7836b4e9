/**
 * 分类帮扶项目 (seed 二: 市、区县工会要按照“六个一批”的要求……设计帮扶项目; 基层工会……根据上级工会
 * 公布的分类帮扶项目……争取上级工会帮扶项目对本单位困难职工的覆盖). City and county unions publish;
 * grassroots unions enrol their own filed households into projects of the unions above them;
 * the publishing union records spending; either records each household's outcome.
 *
 * Scope: a project concerns the publishing union's subtree. A caller sees the projects published
 * above their union (to enrol into) and those published inside their subtree (to oversee), and
 * only the enrolments of files they may see.
 */
import type { Prisma, PrismaClient } from '../../prisma/generated/client';
import type { Tx } from '../db/client';
import type { AppContext } from '../context';
import { hasRole, scopePaths, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { fileScope } from '../files/files';
import { maskName } from '../../workers/identity/resident-id';
import { classifyHousehold, countByCategory, type Category } from '../../workers/projects/categories';
import { dateColumn, dayOf, visibleOrg } from '../campaigns/scope';
import { shanghaiDate } from '../time';
import { EnrolmentOutcomeSchema, EnrolSchema, ProjectFilterSchema, PublishProjectSchema, SpendingSchema } from './projects.schema';
import type { z } from 'zod';

const PUBLISHERS = ['city_reviewer', 'county_reviewer'] as const;
const PUBLISHER_KINDS = ['city', 'county', 'system', 'direct'];

type Project = Prisma.AssistanceProjectGetPayload<object>;

/** "/a/b/c/" → ["/a/", "/a/b/", "/a/b/c/"]: the unions above (and at) a path. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/** Projects the caller may see: published above their unions or inside their subtrees. */
export function projectScope(user: AuthUser): Prisma.AssistanceProjectWhereInput {
  const above = [...new Set(user.roles.flatMap((r) => ancestorPaths(r.orgPath)))];
  return { OR: [{ orgPath: { in: above } }, ...scopePaths(user).map((p) => ({ orgPath: { startsWith: p } }))] };
}

async function findProject(db: Tx | PrismaClient, user: AuthUser, id: string): Promise<Project> {
  const project = await db.assistanceProject.findFirst({ where: { AND: [{ id }, projectScope(user)] } });
  if (!project) throw new AppError('NOT_FOUND', '帮扶项目不存在');
  return project;
}

/** Reviewers of the publishing union (or above) manage a project: spending, closing. */
function canManage(user: AuthUser, project: Project): boolean {
  return PUBLISHERS.some((role) => hasRole(user, role, project.orgPath));
}

async function projectView(db: Tx | PrismaClient, user: AuthUser, projects: Project[]) {
  const ids = projects.map((p) => p.id);
  const orgs = await db.org.findMany({ where: { id: { in: [...new Set(projects.map((p) => p.orgId))] } }, select: { id: true, name: true } });
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const visibleFiles = { OR: scopePaths(user).map((p) => ({ orgPath: { startsWith: p } })) };
  const enrolled = ids.length
    ? await db.projectEnrolment.groupBy({ by: ['projectId'], where: { projectId: { in: ids }, status: { not: 'withdrawn' }, ...visibleFiles }, _count: { _all: true } })
    : [];
  const spent = ids.length ? await db.projectSpending.groupBy({ by: ['projectId'], where: { projectId: { in: ids } }, _sum: { amount: true } }) : [];
  const enrolledBy = new Map(enrolled.map((e) => [e.projectId, e._count._all]));
  const spentBy = new Map(spent.map((s) => [s.projectId, Number(s._sum.amount ?? 0n)]));
  return projects.map((p) => ({
    id: p.id,
    orgId: p.orgId,
    orgName: orgName.get(p.orgId) ?? p.orgId,
    year: p.year,
    name: p.name,
    category: p.category,
    fundLevel: p.fundLevel,
    budget: Number(p.budget),
    targetCount: p.targetCount,
    targetKind: p.targetKind,
    startDate: dayOf(p.startDate),
    endDate: dayOf(p.endDate),
    eligibilityNotes: p.eligibilityNotes,
    status: p.status,
    isDemo: p.isDemo,
    /** enrolments of files the caller may see */
    enrolled: enrolledBy.get(p.id) ?? 0,
    /** fen */
    spent: spentBy.get(p.id) ?? 0,
    canManage: canManage(user, p),
    createdAt: p.createdAt,
  }));
}

export async function listProjects(ctx: AppContext, user: AuthUser, filter: z.infer<typeof ProjectFilterSchema>) {
  const prisma = ctx.db.prisma;
  let forFile: Prisma.AssistanceProjectWhereInput = {};
  if (filter.forFileId) {
    const file = await prisma.householdFile.findFirst({ where: { AND: [{ id: filter.forFileId }, fileScope(user)] } });
    if (!file) throw new AppError('NOT_FOUND', '档案不存在');
    forFile = { orgPath: { in: ancestorPaths(file.orgPath) }, status: 'published' };
  }
  const rows = await prisma.assistanceProject.findMany({
    where: {
      AND: [
        projectScope(user),
        forFile,
        filter.year ? { year: filter.year } : {},
        filter.category ? { category: filter.category } : {},
        filter.orgId ? { orgId: filter.orgId } : {},
      ],
    },
    orderBy: [{ year: 'desc' }, { startDate: 'asc' }, { id: 'asc' }],
    take: 1000,
  });
  return projectView(prisma, user, rows);
}

export async function getProject(ctx: AppContext, user: AuthUser, id: string) {
  const project = await findProject(ctx.db.prisma, user, id);
  return (await projectView(ctx.db.prisma, user, [project]))[0];
}

/** 发布项目: a city or county reviewer publishes for their own union. */
export async function publishProject(ctx: AppContext, user: AuthUser, body: unknown) {
  const grants = user.roles.filter((r) => (PUBLISHERS as readonly string[]).includes(r.role));
  if (!grants.length) throw new AppError('FORBIDDEN', '只有市、区县工会可以发布分类帮扶项目');
  const input = PublishProjectSchema.parse(body);
  const grant = input.orgId ? grants.find((g) => g.orgId === input.orgId) : grants[0];
  if (!grant) throw new AppError('UNPROCESSABLE', '只能以本级工会名义发布项目', { orgId: '只能以本级工会名义发布项目' });
  const org = await ctx.db.prisma.org.findUniqueOrThrow({ where: { id: grant.orgId } });
  if (!PUBLISHER_KINDS.includes(org.kind)) throw new AppError('FORBIDDEN', '只有市、区县工会可以发布分类帮扶项目');
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const project = await tx.assistanceProject.create({
      data: {
        orgId: org.id,
        orgPath: org.path,
        year: Number(input.startDate.slice(0, 4)),
        name: input.name,
        category: input.category,
        fundLevel: input.fundLevel,
        budget: BigInt(input.budget),
        targetCount: input.targetCount ?? null,
        targetKind: input.targetKind,
        startDate: dateColumn(input.startDate),
        endDate: dateColumn(input.endDate),
        eligibilityNotes: input.eligibilityNotes,
        status: 'published',
        createdBy: user.id,
        createdAt: now,
      },
    });
    await audit(tx, user, { action: 'publish', entity: 'assistance_project', entityId: project.id, after: input, orgId: org.id }, now);
    return (await projectView(tx, user, [project]))[0];
  });
}

/** 结束项目: no more enrolments; spending and outcomes may still be recorded. */
export async function closeProject(ctx: AppContext, user: AuthUser, id: string) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const project = await findProject(tx, user, id);
    if (!canManage(user, project)) throw new AppError('FORBIDDEN', '只有发布项目的工会可以结束项目');
    if (project.status === 'closed') throw new AppError('CONFLICT', '项目已结束');
    const updated = await tx.assistanceProject.update({ where: { id }, data: { status: 'closed' } });
    await audit(tx, user, { action: 'close', entity: 'assistance_project', entityId: id, before: { status: project.status }, after: { status: 'closed' }, orgId: project.orgId }, now);
    return (await projectView(tx, user, [updated]))[0];
  });
}

async function enrolmentRows(db: Tx | PrismaClient, where: Prisma.ProjectEnrolmentWhereInput) {
  const rows = await db.projectEnrolment.findMany({ where, orderBy: [{ enrolledAt: 'asc' }, { id: 'asc' }] });
  const files = await db.householdFile.findMany({ where: { id: { in: rows.map((r) => r.fileId) } }, include: { org: { select: { name: true } } } });
  const projects = await db.assistanceProject.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.projectId))] } }, select: { id: true, name: true, category: true, year: true } });
  const fileById = new Map(files.map((f) => [f.id, f]));
  const projectById = new Map(projects.map((p) => [p.id, p]));
  return rows.map((r) => {
    const f = fileById.get(r.fileId);
    const p = projectById.get(r.projectId);
    return {
      id: r.id,
      projectId: r.projectId,
      projectName: p?.name ?? null,
      projectCategory: p?.category ?? null,
      projectYear: p?.year ?? null,
      fileId: r.fileId,
      fileNo: f?.fileNo ?? null,
      caseNo: f?.caseNo ?? null,
      applicantName: f ? maskName(f.applicantName) : null,
      orgId: r.orgId,
      orgName: f?.org.name ?? null,
      status: r.status,
      outcome: r.outcome,
      outcomeNote: r.outcomeNote,
      enrolledBy: r.enrolledBy,
      enrolledAt: r.enrolledAt,
      outcomeAt: r.outcomeAt,
    };
  });
}

/** The enrolments of a project among the files the caller may see. */
export async function listEnrolments(ctx: AppContext, user: AuthUser, projectId: string) {
  await findProject(ctx.db.prisma, user, projectId);
  return enrolmentRows(ctx.db.prisma, { projectId, OR: scopePaths(user).map((p) => ({ orgPath: { startsWith: p } })) });
}

/** The projects one household is in (the file page, the March plan). */
export async function fileEnrolments(ctx: AppContext, user: AuthUser, fileId: string) {
  const file = await ctx.db.prisma.householdFile.findFirst({ where: { AND: [{ id: fileId }, fileScope(user)] } });
  if (!file) throw new AppError('NOT_FOUND', '档案不存在');
  return enrolmentRows(ctx.db.prisma, { fileId });
}

/**
 * 项目覆盖: grassroots staff enrol a filed household of their own union into a published project
 * of a union above it (or of their own county/city).
 */
export async function enrolFile(ctx: AppContext, user: AuthUser, projectId: string, body: unknown) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const project = await findProject(tx, user, projectId);
    const input = EnrolSchema.parse(body);
    const file = await tx.householdFile.findFirst({ where: { AND: [{ id: input.fileId }, fileScope(user)] } });
    if (!file) throw new AppError('UNPROCESSABLE', '档案不存在', { fileId: '档案不存在' });
    if (!hasRole(user, 'grassroots_staff', file.orgPath)) throw new AppError('FORBIDDEN', '只有建档工会的保障工作人员可以为困难职工报名项目');
    if (!ancestorPaths(file.orgPath).includes(project.orgPath)) {
      throw new AppError('UNPROCESSABLE', '只能报名本单位上级工会发布的项目', { fileId: '该档案所在工会不在本项目的覆盖范围内' });
    }
    if (file.status !== 'filed') throw new AppError('UNPROCESSABLE', '只有已建档的困难职工可以报名项目', { fileId: '只有已建档的困难职工可以报名项目' });
    if (project.status !== 'published') throw new AppError('CONFLICT', '项目已结束，不能再报名');
    if (shanghaiDate(now) > dayOf(project.endDate)) throw new AppError('CONFLICT', '项目已过结束日期，不能再报名');
    const existing = await tx.projectEnrolment.findUnique({ where: { projectId_fileId: { projectId, fileId: file.id } } });
    if (existing && existing.status !== 'withdrawn') throw new AppError('CONFLICT', '该户已报名本项目');
    const data = { status: 'enrolled', outcome: null, outcomeNote: null, outcomeBy: null, outcomeAt: null, enrolledBy: user.id, enrolledAt: now };
    const row = existing
      ? await tx.projectEnrolment.update({ where: { id: existing.id }, data })
      : await tx.projectEnrolment.create({ data: { projectId, fileId: file.id, orgId: file.orgId, orgPath: file.orgPath, ...data } });
    await audit(tx, user, { action: 'enrol', entity: 'project_enrolment', entityId: row.id, after: { projectId, fileId: file.id }, orgId: file.orgId }, now);
    return (await enrolmentRows(tx, { id: row.id }))[0];
  });
}

/** 帮扶成效: the household's union or the publishing union record how the project ended for it. */
export async function recordOutcome(ctx: AppContext, user: AuthUser, projectId: string, enrolmentId: string, body: unknown) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const project = await findProject(tx, user, projectId);
    const enrolment = await tx.projectEnrolment.findFirst({ where: { id: enrolmentId, projectId, OR: scopePaths(user).map((p) => ({ orgPath: { startsWith: p } })) } });
    if (!enrolment) throw new AppError('NOT_FOUND', '报名记录不存在');
    if (!hasRole(user, 'grassroots_staff', enrolment.orgPath) && !canManage(user, project)) {
      throw new AppError('FORBIDDEN', '只有建档工会的保障工作人员或发布项目的工会可以登记帮扶成效');
    }
    const input = EnrolmentOutcomeSchema.parse(body);
    const after = { status: input.status, outcome: input.status === 'enrolled' ? null : input.outcome!, outcomeNote: input.outcomeNote ?? null };
    await tx.projectEnrolment.update({ where: { id: enrolment.id }, data: { ...after, outcomeBy: user.id, outcomeAt: now } });
    await audit(tx, user, { action: 'outcome', entity: 'project_enrolment', entityId: enrolment.id, before: { status: enrolment.status, outcome: enrolment.outcome }, after, orgId: enrolment.orgId }, now);
    return (await enrolmentRows(tx, { id: enrolment.id }))[0];
  });
}

export async function listSpending(ctx: AppContext, user: AuthUser, projectId: string) {
  const project = await findProject(ctx.db.prisma, user, projectId);
  const rows = await ctx.db.prisma.projectSpending.findMany({ where: { projectId }, orderBy: [{ spentOn: 'asc' }, { id: 'asc' }] });
  // a household's name only where the caller may see its file
  const files = await ctx.db.prisma.householdFile.findMany({ where: { AND: [{ id: { in: rows.map((r) => r.fileId).filter((x): x is string => !!x) } }, fileScope(user)] } });
  const fileById = new Map(files.map((f) => [f.id, f]));
  return rows.map((r) => {
    const f = r.fileId ? fileById.get(r.fileId) : undefined;
    return {
      id: r.id,
      projectId: project.id,
      amount: Number(r.amount),
      spentOn: dayOf(r.spentOn),
      note: r.note,
      fileId: f ? r.fileId : null,
      fileNo: f?.fileNo ?? null,
      applicantName: f ? maskName(f.applicantName) : null,
      disbursementId: f ? r.disbursementId : null,
      createdAt: r.createdAt,
    };
  });
}

/**
 * 项目支出 (fen): recorded by the publishing union, never beyond the budget. For one household
 * it may name the paid disbursement that carried the money, once.
 */
export async function recordSpending(ctx: AppContext, user: AuthUser, projectId: string, body: unknown) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const project = await findProject(tx, user, projectId);
    if (!canManage(user, project)) throw new AppError('FORBIDDEN', '只有发布项目的工会可以登记项目支出');
    const input = SpendingSchema.parse(body);
    // one spending at a time per project: the budget check and the insert see the same total
    await tx.$queryRaw`SELECT id FROM "AssistanceProject" WHERE id = ${project.id} FOR UPDATE`;
    if (input.fileId) {
      const enrolled = await tx.projectEnrolment.findUnique({ where: { projectId_fileId: { projectId, fileId: input.fileId } } });
      if (!enrolled || enrolled.status === 'withdrawn') throw new AppError('UNPROCESSABLE', '该户未报名本项目', { fileId: '该户未报名本项目' });
    }
    if (input.disbursementId) {
      if (!input.fileId) throw new AppError('UNPROCESSABLE', '关联资金发放须同时选择帮扶对象', { fileId: '关联资金发放须同时选择帮扶对象' });
      const d = await tx.disbursement.findUnique({ where: { id: input.disbursementId } });
      if (!d || d.fileId !== input.fileId) throw new AppError('UNPROCESSABLE', '资金发放记录不存在或不属于该户', { disbursementId: '资金发放记录不存在或不属于该户' });
      if (d.status !== 'paid') throw new AppError('UNPROCESSABLE', '只能关联已发放的资金', { disbursementId: '只能关联已发放的资金' });
      if (Number(d.amount) !== input.amount) throw new AppError('UNPROCESSABLE', '支出金额须与资金发放金额一致', { amount: '支出金额须与资金发放金额一致' });
      if (await tx.projectSpending.findUnique({ where: { disbursementId: d.id } })) throw new AppError('CONFLICT', '该笔资金发放已计入项目支出');
    }
    const spent = (await tx.projectSpending.aggregate({ where: { projectId }, _sum: { amount: true } }))._sum.amount ?? 0n;
    if (spent + BigInt(input.amount) > project.budget) {
      const left = Number(project.budget - spent);
      throw new AppError('UNPROCESSABLE', '支出超出项目预算', { amount: `支出超出项目预算（剩余 ${(left / 100).toFixed(2)} 元）` });
    }
    const row = await tx.projectSpending.create({
      data: { projectId, fileId: input.fileId ?? null, disbursementId: input.disbursementId ?? null, amount: BigInt(input.amount), spentOn: dateColumn(input.spentOn), note: input.note, createdBy: user.id, createdAt: now },
    });
    await audit(tx, user, { action: 'spend', entity: 'assistance_project', entityId: project.id, after: { spendingId: row.id, ...input }, orgId: project.orgId }, now);
    return { id: row.id, projectId, amount: input.amount, spentOn: input.spentOn, note: input.note, fileId: row.fileId, disbursementId: row.disbursementId, createdAt: now };
  });
}

// ------------------------------------------------------------------ six categories per household

type FileForCategories = { id: string; mainCause: string; form: unknown; eligibility: unknown };

async function categoriesOf(db: Tx | PrismaClient, files: FileForCategories[]): Promise<Map<string, Category[]>> {
  const ids = files.map((f) => f.id);
  const [plans, enrolments] = await Promise.all([
    db.helpPlan.findMany({ where: { fileId: { in: ids } }, select: { fileId: true, year: true, measures: true, programmes: true }, orderBy: { year: 'asc' } }),
    db.projectEnrolment.findMany({ where: { fileId: { in: ids }, status: { not: 'withdrawn' } }, select: { fileId: true, projectId: true } }),
  ]);
  const projects = await db.assistanceProject.findMany({ where: { id: { in: [...new Set(enrolments.map((e) => e.projectId))] } }, select: { id: true, category: true } });
  const categoryOf = new Map(projects.map((p) => [p.id, p.category]));
  const latestPlan = new Map(plans.map((p) => [p.fileId, p])); // ascending years: the last one wins
  const projectCats = new Map<string, string[]>();
  for (const e of enrolments) projectCats.set(e.fileId, [...(projectCats.get(e.fileId) ?? []), categoryOf.get(e.projectId) ?? '']);
  const out = new Map<string, Category[]>();
  for (const f of files) {
    const form = (f.form ?? {}) as { hardship?: { secondaryCauses?: string[] }; applicant?: { enterpriseStatus?: string } };
    const plan = latestPlan.get(f.id);
    out.set(
      f.id,
      classifyHousehold({
        mainCause: f.mainCause,
        secondaryCauses: form.hardship?.secondaryCauses ?? [],
        enterpriseStatus: form.applicant?.enterpriseStatus ?? null,
        criteria: (f.eligibility as { criteria?: string[] } | null)?.criteria ?? [],
        measures: plan?.measures ?? [],
        programmes: plan?.programmes ?? [],
        projectCategories: projectCats.get(f.id) ?? [],
      }),
    );
  }
  return out;
}

/** The six categories of one household (the file page). */
export async function fileCategories(db: Tx | PrismaClient, fileId: string): Promise<Category[]> {
  const file = await db.householdFile.findUniqueOrThrow({ where: { id: fileId }, select: { id: true, mainCause: true, form: true, eligibility: true } });
  return (await categoriesOf(db, [file])).get(fileId)!;
}

/**
 * Files by category (六个一批) in a union's subtree (`orgPath` prefix), by default the filed
 * ones; a household in two categories counts in both, `files` counts each once. For the
 * statistics reported upward (issue 10 part B).
 */
export async function countFilesByCategory(db: Tx | PrismaClient, orgPath: string, opts: { statuses?: string[] } = {}) {
  const files = await db.householdFile.findMany({
    where: { orgPath: { startsWith: orgPath }, status: { in: opts.statuses ?? ['filed'] } },
    select: { id: true, mainCause: true, form: true, eligibility: true },
  });
  const cats = await categoriesOf(db, files);
  return countByCategory(files.map((f) => cats.get(f.id)!));
}

/** GET /api/category-counts: for a union the caller oversees (their own by default). */
export async function categoryCounts(ctx: AppContext, user: AuthUser, orgId?: string) {
  const org = await visibleOrg(ctx.db.prisma, user, orgId ?? user.roles[0]?.orgId ?? '');
  return { orgId: org.id, orgName: org.name, ...(await countFilesByCategory(ctx.db.prisma, org.path)) };
}
