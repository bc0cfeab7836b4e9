/**
 * Import of existing household files from .xlsx (SPEC §6, issue 6): preview checks every row
 * and stages the valid ones; confirmation writes them as files of the caller's grassroots
 * union, in batches of `BATCH_SIZE` rows, one transaction per batch.
 *
 * What a row becomes:
 * - with 档案编号 (a stock file kept on paper or in the old system): `filed` at once, with its
 *   number, level and filing date, and no filing process — it was filed before;
 * - without: `in_review`, and the filing process starts as for an application typed in by hand
 *   (survey, publicity, approvals, cross-checks).
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import type { Tx } from '../db/client';
import { AppError } from '../errors';
import { audit } from '../audit';
import { shanghaiDate } from '../time';
import { orgChain, type OrgChain } from '../applications/submit';
import { annualTotalIncome, factsFromApplication } from '../applications/facts';
import type { Application } from '../applications/application.schema';
import { ACTIVE_FILE_STATUSES } from '../files/conflicts';
import { perCapitaMonthlyIncome } from '../../workers/eligibility';
import { parseResidentId } from '../../workers/identity/resident-id';
import { COLUMN_BY_PATH } from './columns';
import { parseRow, readSheet, type RowError } from './parse';
import type { ImportStore, StagedImport, StagedRow } from './staging';

export const BATCH_SIZE = 200;
/** Prisma binds each value of an `in` list: keep lists well below PostgreSQL's parameter limit. */
const IN_CHUNK = 5000;

const FILE_NO_COLUMN = COLUMN_BY_PATH.get('file.fileNo')!.header;
const STATUS_LABELS: Record<string, string> = { in_review: '审核中', returned: '退回重报', filed: '已建档' };

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The grassroots union the caller imports into: `orgId` among their grassroots_staff roles. */
export function importGrant(user: AuthUser, orgId?: string) {
  const grants = user.roles.filter((r) => r.role === 'grassroots_staff');
  if (!grants.length) throw new AppError('FORBIDDEN', '只有基层工会保障工作人员可以导入档案');
  const grant = orgId ? grants.find((g) => g.orgId === orgId) : grants[0];
  if (!grant) throw new AppError('FORBIDDEN', '不能为其他工会导入档案');
  return grant;
}

interface Conflicts {
  /** by ID number: why it cannot be filed again */
  people: Map<string, string>;
  fileNos: Set<string>;
}

/** Blacklisted people, people in another active file, and file numbers already taken (SPEC §5.1). */
async function findConflicts(db: Tx | AppContext['db']['prisma'], idNumbers: string[], fileNos: string[]): Promise<Conflicts> {
  const people = new Map<string, string>();
  for (const ids of chunks([...new Set(idNumbers)], IN_CHUNK)) {
    for (const b of await db.blacklist.findMany({ where: { idNumber: { in: ids } }, select: { idNumber: true } })) {
      people.set(b.idNumber, '该身份证号已列入建档黑名单，不予建档');
    }
    const asApplicant = await db.householdFile.findMany({ where: { idNumber: { in: ids }, status: { in: ACTIVE_FILE_STATUSES } }, select: { idNumber: true, status: true, org: { select: { name: true } } } });
    const asMember = await db.familyMember.findMany({
      where: { idNumber: { in: ids }, file: { status: { in: ACTIVE_FILE_STATUSES } } },
      select: { idNumber: true, file: { select: { status: true, org: { select: { name: true } } } } },
    });
    for (const f of [...asApplicant.map((f) => ({ idNumber: f.idNumber, status: f.status, org: f.org.name })), ...asMember.map((m) => ({ idNumber: m.idNumber, status: m.file.status, org: m.file.org.name }))]) {
      if (!people.has(f.idNumber)) people.set(f.idNumber, `该身份证号已在${f.org}的困难职工档案中（${STATUS_LABELS[f.status] ?? f.status}），不能重复建档`);
    }
  }
  const taken = new Set<string>();
  for (const nos of chunks([...new Set(fileNos)], IN_CHUNK)) {
    for (const f of await db.householdFile.findMany({ where: { fileNo: { in: nos } }, select: { fileNo: true } })) taken.add(f.fileNo!);
  }
  return { people, fileNos: taken };
}

/** The conflicts of one staged row, as errors on the cells that cause them. */
function rowConflicts(r: Pick<StagedRow, 'row' | 'stock' | 'idColumns'>, c: Conflicts): RowError[] {
  const errors: RowError[] = r.idColumns.filter((p) => c.people.has(p.idNumber)).map((p) => ({ row: r.row, column: p.column, message: c.people.get(p.idNumber)! }));
  if (r.stock.fileNo && c.fileNos.has(r.stock.fileNo)) errors.push({ row: r.row, column: FILE_NO_COLUMN, message: `档案编号${r.stock.fileNo}已存在，不能重复导入` });
  return errors;
}

/**
 * 预览: reads the sheet, validates every row with `ApplicationSchema`, then finds the rows whose
 * people are blacklisted, already in an active file, or twice in the sheet, and file numbers
 * taken or repeated. Writes nothing; the valid rows wait in `store` for the owner's confirmation.
 */
export async function previewImport(ctx: AppContext, store: ImportStore, user: AuthUser, body: Buffer, orgId?: string) {
  const grant = importGrant(user, orgId);
  const sheet = await readSheet(body);
  const today = shanghaiDate(ctx.clock.now());
  const parsed = sheet.rows.map((r) => parseRow(r.row, r.cells, today));

  // The same person in two rows, or one file number twice: neither row is imported.
  const errors = parsed.flatMap((p) => p.errors);
  const byId = new Map<string, Array<{ row: number; column: string }>>();
  const byFileNo = new Map<string, number[]>();
  for (const p of parsed) {
    for (const person of p.idColumns) byId.set(person.idNumber, [...(byId.get(person.idNumber) ?? []), { row: p.row, column: person.column }]);
    if (p.stock.fileNo) byFileNo.set(p.stock.fileNo, [...(byFileNo.get(p.stock.fileNo) ?? []), p.row]);
  }
  for (const places of byId.values()) {
    if (places.length < 2) continue;
    for (const place of places) {
      const others = places.filter((o) => o.row !== place.row).map((o) => `第${o.row}行`);
      errors.push({ row: place.row, column: place.column, message: others.length ? `身份证号与${others.join('、')}重复：同一人只能在一户中建档` : '身份证号在本行重复' });
    }
  }
  for (const rows of byFileNo.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) errors.push({ row, column: FILE_NO_COLUMN, message: `档案编号与${rows.filter((o) => o !== row).map((o) => `第${o}行`).join('、')}重复` });
  }

  const candidates = parsed.filter((p) => p.app);
  const conflicts = await findConflicts(
    ctx.db.prisma,
    candidates.flatMap((p) => p.idColumns.map((c) => c.idNumber)),
    candidates.map((p) => p.stock.fileNo).filter((n): n is string => !!n),
  );
  for (const p of candidates) errors.push(...rowConflicts(p, conflicts));

  const bad = new Set(errors.map((e) => e.row));
  const rows: StagedRow[] = candidates.filter((p) => !bad.has(p.row)).map((p) => ({ row: p.row, app: p.app!, stock: p.stock, idColumns: p.idColumns }));
  errors.sort((a, b) => a.row - b.row);
  const staged = store.stage({ ownerId: user.id, orgId: grant.orgId, orgPath: grant.orgPath, total: parsed.length, rows, errors });
  return { importId: staged.id, total: staged.total, valid: rows.length, errors };
}

export function progressView(s: StagedImport) {
  return {
    importId: s.id,
    status: s.status,
    done: s.done,
    total: s.rows.length,
    filed: s.filed,
    inReview: s.inReview,
    skipped: s.skipped,
    ...(s.failure && { failure: s.failure }),
  };
}

function findStaged(store: ImportStore, user: AuthUser, importId: string) {
  const staged = store.get(importId, user.id);
  if (!staged) throw new AppError('NOT_FOUND', '导入记录不存在或已过期，请重新上传');
  store.touch(staged);
  return staged;
}

export function importProgress(store: ImportStore, user: AuthUser, importId: string) {
  return progressView(findStaged(store, user, importId));
}

/**
 * 确认导入: starts writing the staged rows and returns at once; `importProgress` follows it.
 * Only the owner confirms, once, while still staff of the union the preview was for.
 */
export function confirmImport(ctx: AppContext, store: ImportStore, user: AuthUser, importId: string, log: (msg: string, err: unknown) => void = console.error) {
  const staged = findStaged(store, user, importId);
  importGrant(user, staged.orgId);
  if (staged.status !== 'ready') throw new AppError('CONFLICT', staged.status === 'running' ? '导入正在进行中' : '该导入已确认过，不能重复导入');
  if (!staged.rows.length) throw new AppError('CONFLICT', '没有可导入的行：请修改表格中标出的错误后重新上传');
  staged.status = 'running';
  void runImport(ctx, staged, user).catch((err) => {
    log(`[import] ${staged.id} stopped after ${staged.done} of ${staged.rows.length} rows`, err);
    staged.status = 'failed';
    staged.failure = `导入在第${staged.rows[staged.done]?.row ?? '?'}行附近中断，已导入${staged.filed + staged.inReview}户；请稍后重新上传未导入的行`;
  });
  return progressView(staged);
}

async function runImport(ctx: AppContext, staged: StagedImport, user: AuthUser) {
  const orgs = await ctx.db.prisma.$transaction((tx) => orgChain(tx, staged.orgId));
  for (const batch of chunks(staged.rows, BATCH_SIZE)) {
    const result = await ctx.db.prisma.$transaction((tx) => writeBatch(ctx, tx, user, staged, orgs, batch), { timeout: 120_000 });
    staged.done += batch.length;
    staged.filed += result.filed;
    staged.inReview += result.inReview;
    staged.skipped.push(...result.skipped);
  }
  staged.status = 'done';
}

/** Reserves `n` consecutive values of a counter in one statement; returns the first. */
async function reserveCounter(tx: Tx, name: string, n: number): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "Counter" (name, value) VALUES (${name}, ${n})
    ON CONFLICT (name) DO UPDATE SET value = "Counter".value + ${n}
    RETURNING value`;
  return rows[0].value - n + 1;
}

function derived(app: Application) {
  const id = parseResidentId(app.applicant.idNumber);
  if (!id.ok) throw new Error(`已校验的身份证号无效：${id.error}`);
  return {
    sex: id.sex,
    birthDate: new Date(`${id.birthDate}T00:00:00Z`),
    householdSize: 1 + app.members.length,
    annualIncome: BigInt(annualTotalIncome(app)),
    perCapitaMonthly: perCapitaMonthlyIncome(factsFromApplication(app, { blacklisted: false })),
  };
}

/**
 * One batch in one transaction: conflicts are checked again (another official may have filed
 * the same person since the preview), files and members are inserted in bulk, new applications
 * start the filing process, and one audit row lists the files the batch created.
 */
async function writeBatch(ctx: AppContext, tx: Tx, user: AuthUser, staged: StagedImport, orgs: OrgChain, batch: StagedRow[]) {
  const now = ctx.clock.now();
  const conflicts = await findConflicts(
    tx,
    batch.flatMap((r) => r.idColumns.map((c) => c.idNumber)),
    batch.map((r) => r.stock.fileNo).filter((n): n is string => !!n),
  );
  const skipped: RowError[] = [];
  const rows = batch.filter((r) => {
    const errors = rowConflicts(r, conflicts);
    skipped.push(...errors);
    return !errors.length;
  });
  if (!rows.length) return { filed: 0, inReview: 0, skipped };

  const day = shanghaiDate(now).replaceAll('-', '');
  const first = await reserveCounter(tx, `case:${day}`, rows.length);
  const files = rows.map((r, i) => {
    const app = r.app;
    const stock = !!r.stock.fileNo;
    return {
      row: r,
      data: {
        id: randomUUID(),
        caseNo: `SQ${day}-${String(first + i).padStart(4, '0')}`,
        fileNo: r.stock.fileNo ?? null,
        status: stock ? 'filed' : 'in_review',
        level: stock ? r.stock.level! : null,
        filedAt: stock ? new Date(`${r.stock.filedAt}T00:00:00+08:00`) : null,
        hardshipCategory: r.stock.hardshipCategory ?? null,
        orgId: staged.orgId,
        orgPath: staged.orgPath,
        applicantName: app.applicant.name,
        idNumber: app.applicant.idNumber,
        phone: app.applicant.phone ?? null,
        mainCause: app.hardship.mainCause,
        ...derived(app),
        form: app as any,
        createdBy: user.id,
        createdAt: now,
      },
    };
  });
  await tx.householdFile.createMany({ data: files.map((f) => f.data) });
  await tx.familyMember.createMany({
    data: files.flatMap((f) => f.row.app.members.map((m) => ({ fileId: f.data.id, name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as any }))),
  });
  const applications = files.filter((f) => f.data.status === 'in_review');
  for (const f of applications) {
    const started = await ctx.engine.startInstance(
      'filing',
      { businessKey: f.data.caseNo, orgPath: staged.orgPath, variables: { fileId: f.data.id, caseNo: f.data.caseNo, orgs, regionCode: f.row.app.applicant.hukouRegion } },
      tx,
    );
    await tx.householdFile.update({ where: { id: f.data.id }, data: { processInstanceId: started.instanceId } });
  }
  await audit(
    tx,
    user,
    {
      action: 'import',
      entity: 'household_file',
      entityId: null,
      after: { importId: staged.id, rows: files.map((f) => f.row.row), fileIds: files.map((f) => f.data.id), filed: files.length - applications.length, inReview: applications.length, skipped: skipped.map((s) => s.row) },
      orgId: staged.orgId,
    },
    now,
  );
  return { filed: files.length - applications.length, inReview: applications.length, skipped };
}
