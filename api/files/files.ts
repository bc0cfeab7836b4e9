import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { maskName, maskPhone, maskResidentId, normalizeResidentId } from '../../workers/identity/resident-id';
import type { AppContext } from '../context';
import { scopePaths, hasRole, inScope, type AuthUser } from '../auth/session';
import { fileCategories } from '../projects/projects';
import { AppError } from '../errors';
import { audit } from '../audit';
import { ApplicationSchema, type Application } from '../applications/application.schema';
import { annualTotalIncome } from '../applications/facts';
import { findConflict } from './conflicts';
import { LEVELS } from '../../workers/funds';
import type { ProcessModel } from '../engine/embedded/model';

export const FILE_STATUSES = ['draft', 'in_review', 'returned', 'filed', 'refused', 'cancelled'] as const;

export const FileFilterSchema = z.object({
  q: z.string().trim().max(50, '搜索内容过长').optional(),
  status: z.enum(FILE_STATUSES, { error: '档案状态无效' }).optional(),
  orgId: z.string().max(40).optional(),
  /** the supervisors' drill-down from 档案按级别和状态; `none` for files without a level yet */
  level: z.enum([...LEVELS, 'none'], { error: '档案级别无效' }).optional(),
  /** files of a union and every union below it (the cockpit's drill-down per union) */
  under: z.string().max(40).optional(),
});
export const FILE_SORTABLE = ['createdAt', 'caseNo', 'fileNo', 'status', 'perCapitaMonthly'] as const;

/** Only what the caller may see: files of their roles' org subtrees (SPEC §1). */
export function fileScope(user: AuthUser): Prisma.HouseholdFileWhereInput {
  const paths = scopePaths(user);
  return { OR: paths.map((p) => ({ orgPath: { startsWith: p } })) };
}

type FileRow = Prisma.HouseholdFileGetPayload<{ include: { org: { select: { name: true } } } }>;

/** List shape: personal data masked by default (PIPL). */
export function fileSummary(f: FileRow) {
  return {
    id: f.id,
    caseNo: f.caseNo,
    fileNo: f.fileNo,
    applicantName: maskName(f.applicantName),
    idNumberMasked: maskResidentId(f.idNumber),
    phoneMasked: f.phone ? maskPhone(f.phone) : null,
    sex: f.sex,
    orgId: f.orgId,
    orgName: f.org.name,
    status: f.status,
    level: f.level,
    mainCause: f.mainCause,
    householdSize: f.householdSize,
    perCapitaMonthly: f.perCapitaMonthly,
    createdAt: f.createdAt,
    filedAt: f.filedAt,
    closeReason: f.closeReason,
    publicityEndsAt: f.publicityEndsAt,
    flagged: f.flagged,
    exitedAt: f.exitedAt,
    previousFileId: f.previousFileId,
  };
}

export async function listFiles(ctx: AppContext, user: AuthUser, params: { filter: z.infer<typeof FileFilterSchema>; sort: { field: string; order: 'ASC' | 'DESC' } | null; offset: number; limit: number }) {
  const { q, status, orgId, level, under } = params.filter;
  const underPath = under ? ((await ctx.db.prisma.org.findUnique({ where: { id: under }, select: { path: true } }))?.path ?? '#none') : null;
  const where: Prisma.HouseholdFileWhereInput = {
    AND: [
      fileScope(user),
      status ? { status } : {},
      orgId ? { orgId } : {},
      level ? { level: level === 'none' ? null : level } : {},
      underPath ? { orgPath: { startsWith: underPath } } : {},
      q
        ? {
            OR: [
              { applicantName: { contains: q } },
              { caseNo: { contains: q.toUpperCase() } },
              { fileNo: { contains: q } },
              ...(q.length >= 15 ? [{ idNumber: normalizeResidentId(q) }] : []),
            ],
          }
        : {},
    ],
  };
  const sort = params.sort ?? { field: 'createdAt', order: 'DESC' };
  const dir: Prisma.SortOrder = sort.order === 'ASC' ? 'asc' : 'desc';
  // files made at one instant (an import batch, a test's clock) keep the order of their case numbers
  const orderBy: Prisma.HouseholdFileOrderByWithRelationInput[] = [{ [sort.field]: dir }, ...(sort.field === 'caseNo' ? [] : [{ caseNo: dir }])];
  const [total, rows] = await Promise.all([
    ctx.db.prisma.householdFile.count({ where }),
    ctx.db.prisma.householdFile.findMany({
      where,
      include: { org: { select: { name: true } } },
      orderBy,
      skip: params.offset,
      take: params.limit,
    }),
  ]);
  return { total, rows: rows.map(fileSummary) };
}

/** A file the caller may see, or 404 (never 403: another union's file does not exist for them). */
export async function findVisibleFile(ctx: AppContext, user: AuthUser, id: string) {
  const file = await ctx.db.prisma.householdFile.findFirst({
    where: { AND: [{ id }, fileScope(user)] },
    include: { org: { select: { name: true } }, members: true },
  });
  if (!file) throw new AppError('NOT_FOUND', '档案不存在');
  return file;
}

function maskedForm(form: Application) {
  return {
    ...form,
    applicant: { ...form.applicant, name: form.applicant.name, idNumber: maskResidentId(form.applicant.idNumber), phone: form.applicant.phone ? maskPhone(form.applicant.phone) : undefined },
    members: form.members.map((m) => ({ ...m, idNumber: maskResidentId(m.idNumber), phone: m.phone ? maskPhone(m.phone) : undefined })),
    bank: { ...form.bank, cardNumber: form.bank?.cardNumber ? `**** **** ${form.bank.cardNumber.slice(-4)}` : undefined },
  };
}

export async function getFile(ctx: AppContext, user: AuthUser, id: string) {
  const file = await findVisibleFile(ctx, user, id);
  const history = file.processInstanceId ? await fileHistory(ctx, file.processInstanceId) : [];
  return {
    ...(await fileLinks(ctx, user, file)),
    categories: await fileCategories(ctx.db.prisma, file.id),
    ...fileSummary(file),
    // decided on the server's clock, not the browser's
    inPublicity: file.status === 'in_review' && !!file.publicityEndsAt && file.publicityEndsAt > ctx.clock.now(),
    form: maskedForm(file.form as unknown as Application),
    members: file.members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, idNumberMasked: maskResidentId(m.idNumber), monthlyIncome: m.monthlyIncome })),
    eligibility: file.eligibility,
    processInstanceId: file.processInstanceId,
    annualIncome: Number(file.annualIncome),
    history,
  };
}

/**
 * Re-entry (issue 10): the earlier cancelled file this one follows and the later file that
 * followed this one. Numbers and union are shown; `visible` says whether the caller may open it.
 */
async function fileLinks(ctx: AppContext, user: AuthUser, file: { id: string; previousFileId: string | null }) {
  const prisma = ctx.db.prisma;
  const [previous, later] = await Promise.all([
    file.previousFileId ? prisma.householdFile.findUnique({ where: { id: file.previousFileId }, include: { org: { select: { name: true } } } }) : null,
    prisma.householdFile.findFirst({ where: { previousFileId: file.id }, orderBy: { createdAt: 'desc' }, include: { org: { select: { name: true } } } }),
  ]);
  const link = (f: NonNullable<typeof later>) => ({
    id: f.id,
    caseNo: f.caseNo,
    fileNo: f.fileNo,
    status: f.status,
    orgName: f.org.name,
    closeReason: f.closeReason,
    closedAt: f.closedAt,
    visible: inScope(user, f.orgPath),
  });
  return { previousFile: previous ? link(previous) : null, laterFile: later ? link(later) : null };
}

export async function fileHistory(ctx: AppContext, instanceId: string) {
  const prisma = ctx.db.prisma;
  const events = await prisma.instanceEvent.findMany({ where: { instanceId, elementType: { in: ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:StartEvent', 'bpmn:EndEvent'] } }, orderBy: { id: 'asc' } });
  if (!events.length) return [];
  const def = await prisma.processDefinition.findUnique({ where: { id: events[0].definitionId }, select: { model: true } });
  const model = def?.model as unknown as ProcessModel | undefined;
  const actors = await prisma.user.findMany({ where: { id: { in: events.map((e) => e.actor).filter((a): a is string => !!a) } }, select: { id: true, displayName: true } });
  const names = new Map(actors.map((a) => [a.id, a.displayName]));
  // Unnamed elements (the start and end events inside the cross-check sub-processes) are
  // plumbing, not steps anyone took: the history lists the named steps only.
  const named = events.filter((e) => !!model?.elements[e.elementId]?.name);
  return named.map((e) => ({
    at: e.at,
    elementId: e.elementId,
    elementName: model!.elements[e.elementId]!.name!,
    type: e.type,
    actor: e.actor ? (names.get(e.actor) ?? e.actor) : null,
  }));
}

/** Full ID numbers on purpose: every such read is audited (PIPL, SPEC §1). */
export async function revealFile(ctx: AppContext, user: AuthUser, id: string) {
  const file = await findVisibleFile(ctx, user, id);
  const form = file.form as unknown as Application;
  await ctx.db.prisma.$transaction((tx) =>
    audit(tx, user, { action: 'reveal', entity: 'household_file', entityId: id, after: { fields: ['idNumber', 'phone', 'bank.cardNumber'] }, orgId: file.orgId }, ctx.clock.now()),
  );
  return {
    idNumber: file.idNumber,
    phone: file.phone,
    bankCardNumber: form.bank?.cardNumber ?? null,
    members: file.members.map((m) => ({ id: m.id, name: m.name, idNumber: m.idNumber })),
  };
}

/** 退回重报: while a case is returned, its grassroots staff correct the form before resubmitting. */
export async function updateReturnedFile(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const file = await findVisibleFile(ctx, user, id);
  if (!hasRole(user, 'grassroots_staff', file.orgPath)) throw new AppError('FORBIDDEN', '只有建档工会的保障工作人员可以修改档案');
  const app = ApplicationSchema.parse(body);
  if (file.status !== 'returned') throw new AppError('CONFLICT', '只有退回重报的档案可以修改');
  if (normalizeResidentId(app.applicant.idNumber) !== file.idNumber) {
    throw new AppError('UNPROCESSABLE', '退回重报不能更换申请人，请重新提交建档申请', { 'applicant.idNumber': '退回重报不能更换申请人' });
  }
  const normalized = { ...app, members: app.members.map((m) => ({ ...m, idNumber: normalizeResidentId(m.idNumber) })) };
  const now = ctx.clock.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const conflict = await findConflict(tx, normalized.members.map((m) => m.idNumber), file.id);
    if (conflict) throw new AppError('CONFLICT', conflict.message);
    await tx.familyMember.deleteMany({ where: { fileId: id } });
    await tx.householdFile.update({
      where: { id },
      data: {
        applicantName: normalized.applicant.name,
        phone: normalized.applicant.phone ?? null,
        mainCause: normalized.hardship.mainCause,
        householdSize: 1 + normalized.members.length,
        annualIncome: BigInt(annualTotalIncome(normalized)),
        form: normalized as any,
        members: { create: normalized.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as any })) },
      },
    });
    await audit(tx, user, { action: 'update', entity: 'household_file', entityId: id, before: maskedForm(file.form as unknown as Application), after: maskedForm(normalized), orgId: file.orgId }, now);
  });
  return getFile(ctx, user, id);
}
