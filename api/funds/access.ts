/**
 * Who may do what with the funds, and how an account or a file is found through the caller's
 * org scope (SPEC §1: a user sees their own union and its descendants; another union's record
 * does not exist for them — 404, never 403).
 */
import { Prisma, type PrismaClient } from '../../prisma/generated/client';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { hasRole, inScope, scopePaths, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { LEVELS, LEVEL_LABELS, LevelSchema, levelRank, type Level } from '../../workers/funds';

/** Domain functions need the database and the clock only, so workers can call them too. */
export type FundsContext = Pick<AppContext, 'db' | 'clock'>;
export type Reader = Tx | PrismaClient;

/** Funds transactions queue behind each other on PGlite (one connection): wait, do not fail. */
export const TX_OPTIONS = { maxWait: 60_000, timeout: 30_000 } as const;

/** `(starts_with(col, '/…/') OR …)` over the caller's subtrees; FALSE for a user without roles. */
export function scopeSql(user: AuthUser, column: Prisma.Sql): Prisma.Sql {
  const paths = scopePaths(user);
  if (!paths.length) return Prisma.sql`FALSE`;
  return Prisma.sql`(${Prisma.join(
    paths.map((p) => Prisma.sql`starts_with(${column}, ${p})`),
    ' OR ',
  )})`;
}

/** ORDER BY fragment: national first, grassroots last. */
export const LEVEL_ORDER_SQL = (column: Prisma.Sql) =>
  Prisma.sql`CASE ${column} ${Prisma.join(
    LEVELS.map((l, i) => Prisma.sql`WHEN ${l} THEN ${i}`),
    ' ',
  )} ELSE ${LEVELS.length} END`;

export interface AccountRow {
  id: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  level: string;
  name: string;
  balance: bigint;
  createdAt: Date;
}

export function accountView(a: AccountRow) {
  return {
    id: a.id,
    orgId: a.orgId,
    orgName: a.orgName,
    orgPath: a.orgPath,
    level: a.level,
    levelLabel: LEVEL_LABELS[a.level as Level] ?? a.level,
    name: a.name,
    /** fen */
    balance: Number(a.balance),
    createdAt: a.createdAt,
  };
}
export type AccountView = ReturnType<typeof accountView>;

export async function loadAccount(db: Reader, id: string): Promise<AccountRow | null> {
  const account = await db.fundAccount.findUnique({ where: { id } });
  if (!account) return null;
  const org = await db.org.findUnique({ where: { id: account.orgId }, select: { name: true, path: true } });
  if (!org) return null;
  return { ...account, orgName: org.name, orgPath: org.path };
}

/** An account of the caller's subtree, or 404 naming the field the id came from. */
export async function findVisibleAccount(db: Reader, user: AuthUser, id: string, field?: string): Promise<AccountRow> {
  const account = await loadAccount(db, id);
  if (!account || !inScope(user, account.orgPath)) {
    throw new AppError('NOT_FOUND', '资金账户不存在', field ? { [field]: '资金账户不存在' } : undefined);
  }
  return account;
}

export interface FileForFunds {
  id: string;
  caseNo: string;
  fileNo: string | null;
  status: string;
  level: string | null;
  orgId: string;
  orgPath: string;
  applicantName: string;
  idNumber: string;
  form: unknown;
}

const FILE_FIELDS = { id: true, caseNo: true, fileNo: true, status: true, level: true, orgId: true, orgPath: true, applicantName: true, idNumber: true, form: true } as const;

export async function findVisibleFileForFunds(db: Reader, user: AuthUser, id: string, field?: string): Promise<FileForFunds> {
  const file = await db.householdFile.findUnique({ where: { id }, select: FILE_FIELDS });
  if (!file || !inScope(user, file.orgPath)) throw new AppError('NOT_FOUND', '档案不存在', field ? { [field]: '档案不存在' } : undefined);
  return file;
}

/** A level read back from the database; an unknown string must never unlock a fund. */
export function storedLevel(level: string | null, what: string): Level {
  const parsed = LevelSchema.safeParse(level);
  if (!parsed.success) throw new AppError('CONFLICT', `${what}未确定级别，不能使用帮扶资金`);
  return parsed.data;
}

/** The bank card the money goes to (seed 四3: 实行非现金支付). */
export function bankOnFile(form: unknown): { bankName: string | null; branch: string | null; cardNumber: string | null } {
  const bank = (form as { bank?: { bankName?: string; branch?: string; cardNumber?: string } } | null)?.bank ?? {};
  return { bankName: bank.bankName ?? null, branch: bank.branch ?? null, cardNumber: bank.cardNumber ?? null };
}

/**
 * Opening accounts and putting money in: the city's reviewers for any level in their subtree; a
 * county's reviewers for county- and grassroots-level funds in theirs (their own and their
 * unions' retained funds). Higher-level money reaches a county only by allocation from above.
 */
export function requireAccountManager(user: AuthUser, orgPath: string, level: Level): void {
  if (hasRole(user, 'city_reviewer', orgPath)) return;
  if (hasRole(user, 'county_reviewer', orgPath)) {
    if (levelRank(level) <= levelRank('county')) return;
    throw new AppError('FORBIDDEN', `区县工会只能管理县（区）级及以下的帮扶资金账户，${LEVEL_LABELS[level]}资金须由市总工会管理`);
  }
  throw new AppError('FORBIDDEN', '只有市总工会或区县工会的复核人员可以管理帮扶资金账户');
}

/** Allocating down the tree: the reviewers of the city or county that holds the source account. */
export function requireAllocator(user: AuthUser, orgPath: string): void {
  if (hasRole(user, 'city_reviewer', orgPath) || hasRole(user, 'county_reviewer', orgPath)) return;
  throw new AppError('FORBIDDEN', '只有市总工会或区县工会的复核人员可以下拨帮扶资金');
}

/** Requests for a household: its grassroots union's staff, or the county's reviewers above it. */
export function requireRequester(user: AuthUser, fileOrgPath: string): void {
  if (hasRole(user, 'grassroots_staff', fileOrgPath) || hasRole(user, 'county_reviewer', fileOrgPath)) return;
  throw new AppError('FORBIDDEN', '只有档案所在基层工会的保障工作人员或区县工会复核人员可以申请帮扶资金');
}

/**
 * Approval: the chair of the household's grassroots union, or a county reviewer — in either case
 * one whose union holds (or is above) the paying account, so nobody approves another union's money.
 */
export function requireApprover(user: AuthUser, fileOrgPath: string, accountOrgPath: string): void {
  const ok = user.roles.some(
    (r) => (r.role === 'grassroots_chair' || r.role === 'county_reviewer') && fileOrgPath.startsWith(r.orgPath) && accountOrgPath.startsWith(r.orgPath),
  );
  if (!ok) throw new AppError('FORBIDDEN', '只有档案所在基层工会的主席或管理该资金账户的区县工会复核人员可以审批帮扶资金');
}

/** Paying, batching and exporting for the bank: the officials of the union that holds the account, or above it. */
export const FUND_OFFICER_ROLES = ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer'] as const;

export function requireFundOfficer(user: AuthUser, accountOrgPath: string): void {
  if (FUND_OFFICER_ROLES.some((role) => hasRole(user, role, accountOrgPath))) return;
  throw new AppError('FORBIDDEN', '只有资金账户所在工会的经办人员可以办理支付');
}

/** Supervisors and reviewers read usage figures (SPEC §7). */
export function requireUsageReader(user: AuthUser): void {
  if (['supervisor', 'city_reviewer', 'county_reviewer'].some((role) => hasRole(user, role))) return;
  throw new AppError('FORBIDDEN', '只有督查组和市总、区县工会复核人员可以查看资金使用情况');
}
