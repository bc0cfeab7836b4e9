/**
 * Everything the printed forms of one household file show, gathered once: the file as the
 * caller may see it (`findVisibleFile`: another union's file is a 404), the people around it
 * (helpers, the union's liaison, who filed, approved and entered it), the year's plan and
 * evaluation, and the derived figures of SPEC §2.
 */
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import { audit } from '../audit';
import { findVisibleFile } from '../files/files';
import { ApplicationSchema, type Application } from '../applications/application.schema';
import { annualTotalIncome, factsFromApplication } from '../applications/facts';
import { perCapitaMonthlyIncome } from '../../workers/eligibility';
import { ageOn, maskPhone, maskResidentId, parseResidentId } from '../../workers/identity/resident-id';
import { shanghaiDate, shanghaiYear } from '../time';

export interface Person {
  name: string;
  title: string;
  phone: string;
  orgName: string;
}

export interface DerivedFigures {
  /** YYYY-MM-DD, from the ID number */
  birthDate: string;
  sex: 'male' | 'female' | '';
  age: number | null;
  /** fen a year: wages + business + property + transfer */
  annualTotal: number;
  /** fen a year: business + property + transfer (家庭其他非薪资年收入) */
  annualNonWage: number;
  householdSize: number;
  /** fen a month: disposable / 12 / household size (SPEC §2) */
  perCapitaMonthly: number;
}

export interface FilePrintData {
  file: Awaited<ReturnType<typeof findVisibleFile>>;
  app: Application;
  /** the print date, YYYY-MM-DD in Asia/Shanghai */
  today: string;
  derived: DerivedFigures;
  /** whether ID numbers, phones and the bank card are printed in full (an audited read) */
  full: boolean;
  /** the first helper, then the second (attachment 3) */
  helpers: Person[];
  /** 困难职工所属工会联络人: the grassroots official who filed the household */
  liaison: Person | null;
  filedBy: string;
  approvedBy: string;
  enteredBy: string;
  /** 帮扶任务完成时限, YYYY-MM */
  exitDeadline: string;
  plan: { year: number; measures: string[]; programmes: string[]; planText: string; promisedExitDate: string | null } | null;
  evaluation: {
    year: number;
    outcome: string | null;
    proposed: string;
    effect: string | null;
    signedBy: string;
    signedAt: string;
    /** the latest recorded per-capita monthly income of the evaluation year, fen */
    perCapita: number | null;
  } | null;
  documents: Array<{ name: string; kind: string; createdAt: string }>;
  /** masks personal numbers unless the print is a deliberate full read */
  id(idNumber: string): string;
  phone(phone: string | null | undefined): string;
  card(cardNumber: string | null | undefined): string;
}

function derive(app: Application, today: string): DerivedFigures {
  const parsed = parseResidentId(app.applicant.idNumber);
  const birthDate = parsed.ok ? parsed.birthDate : '';
  const householdSize = 1 + app.members.length;
  const annualTotal = annualTotalIncome(app);
  return {
    birthDate,
    sex: parsed.ok ? parsed.sex : '',
    age: birthDate && birthDate <= today ? ageOn(birthDate, today) : null,
    annualTotal,
    annualNonWage: annualTotal - app.income.annualWages,
    householdSize,
    perCapitaMonthly: perCapitaMonthlyIncome(factsFromApplication(app, { blacklisted: false })),
  };
}

const userSelect = { id: true, displayName: true, title: true, phone: true, roles: { select: { org: { select: { name: true } } } } } as const;

/**
 * Loads a file for printing. `year` picks the plan and evaluation of that year (default: the
 * latest). With `full`, the caller reads full ID numbers and phones: audited like `revealFile`.
 */
export async function loadFilePrint(ctx: AppContext, user: AuthUser, fileId: string, opts: { full: boolean; year?: number; document: string }): Promise<FilePrintData> {
  const prisma = ctx.db.prisma;
  const file = await findVisibleFile(ctx, user, fileId);
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const parsed = ApplicationSchema.safeParse(file.form);
  // A file is validated when it is written; a form that no longer parses is printed as stored.
  const app = (parsed.success ? parsed.data : file.form) as Application;

  const [tasks, instance, plans, evaluations, documents] = await Promise.all([
    file.processInstanceId
      ? prisma.userTask.findMany({ where: { instanceId: file.processInstanceId, elementId: { in: ['grassrootsApproval', 'reportUpward'] }, status: 'completed' }, orderBy: { completedAt: 'desc' } })
      : Promise.resolve([]),
    file.processInstanceId ? prisma.processInstance.findUnique({ where: { id: file.processInstanceId }, select: { variables: true } }) : Promise.resolve(null),
    prisma.helpPlan.findMany({ where: { fileId: file.id, ...(opts.year && { year: opts.year }) }, orderBy: { year: 'desc' }, take: 1 }),
    prisma.evaluation.findMany({ where: { fileId: file.id, ...(opts.year && { year: opts.year }) }, orderBy: { year: 'desc' }, take: 1 }),
    // the household's own papers; visit photos and departments' reply letters are not its attachments
    prisma.document.findMany({ where: { fileId: file.id, kind: { notIn: ['photo', 'reply_letter'] } }, orderBy: { createdAt: 'asc' }, select: { name: true, kind: true, createdAt: true } }),
  ]);
  const approval = tasks.find((t) => t.elementId === 'grassrootsApproval');
  const entry = tasks.find((t) => t.elementId === 'reportUpward');
  const evaluation = evaluations[0] ?? null;
  const userIds = [file.firstHelperId, file.secondHelperId, file.createdBy, approval?.completedBy, entry?.completedBy, evaluation?.signedBy].filter((x): x is string => !!x);
  const users = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: userSelect })).map((u) => [u.id, u]));
  const person = (id: string | null | undefined): Person | null => {
    const u = id ? users.get(id) : undefined;
    return u ? { name: u.displayName, title: u.title ?? '', phone: u.phone ?? '', orgName: u.roles[0]?.org.name ?? '' } : null;
  };
  const name = (id: string | null | undefined) => person(id)?.name ?? '';

  let perCapita: number | null = null;
  if (evaluation) {
    const record = await prisma.incomeRecord.findFirst({ where: { fileId: file.id, month: { startsWith: `${evaluation.year}-` } }, orderBy: { month: 'desc' } });
    perCapita = record?.perCapita ?? null;
  }
  const plan = plans[0] ?? null;
  // filing.bpmn's assignHelpers task keeps its form under the `helpers` output variable
  const helpersForm = ((instance?.variables ?? {}) as { helpers?: { exitDeadline?: unknown } }).helpers;

  if (opts.full) {
    await prisma.$transaction((tx) =>
      audit(tx, user, { action: 'reveal', entity: 'household_file', entityId: file.id, after: { document: opts.document, fields: ['idNumber', 'phone', 'bank.cardNumber'] }, orgId: file.orgId }, now),
    );
  }
  return {
    file,
    app,
    today,
    derived: derive(app, today),
    full: opts.full,
    helpers: [person(file.firstHelperId), person(file.secondHelperId)].filter((p): p is Person => !!p),
    liaison: person(file.createdBy),
    filedBy: name(file.createdBy),
    approvedBy: name(approval?.completedBy),
    enteredBy: name(entry?.completedBy),
    exitDeadline: typeof helpersForm?.exitDeadline === 'string' ? helpersForm.exitDeadline : (plan?.promisedExitDate ?? ''),
    plan: plan && { year: plan.year, measures: plan.measures, programmes: plan.programmes, planText: plan.planText, promisedExitDate: plan.promisedExitDate },
    evaluation: evaluation && {
      year: evaluation.year,
      outcome: evaluation.outcome,
      proposed: evaluation.proposed,
      effect: evaluation.effect,
      signedBy: name(evaluation.signedBy),
      signedAt: evaluation.signedAt ? shanghaiDate(evaluation.signedAt) : '',
      perCapita,
    },
    documents: documents.map((d) => ({ name: d.name, kind: d.kind, createdAt: shanghaiDate(d.createdAt) })),
    id: (idNumber) => (opts.full ? idNumber : maskResidentId(idNumber)),
    phone: (phone) => (!phone ? '' : opts.full ? phone : maskPhone(phone)),
    card: (cardNumber) => (!cardNumber ? '' : opts.full ? cardNumber : `**** **** ${cardNumber.slice(-4)}`),
  };
}

/** The year a printed form is about: asked for, or the current one in Asia/Shanghai. */
export const printYear = (ctx: AppContext, year?: number) => year ?? shanghaiYear(ctx.clock.now());
