/**
 * Life events of a filed file at any time (issue 10; seed 一(二), 一(三)4 and 二(一)1):
 *  - 注销 (cancellation) with a reason, proposed by the file's grassroots staff, approved by the
 *    chair in `file-cancellation`; the upper union is informed, the open help cycle ends, and an
 *    untrue declaration puts the worker on the blacklist;
 *  - 转移 (transfer) to the new employer's union or, while on unemployment insurance, to the
 *    street/community union: requested by the old union, approved by its chair and by the new
 *    union's chair (who picks the helper) in `file-transfer`; the file moves with its history
 *    and its open help-cycle tasks.
 * One open event per file at a time.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { hasRole, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { findVisibleFile } from '../files/files';
import { CancellationRequestSchema, TransferRequestSchema } from './life-events.schema';
import { orgChain } from '../applications/submit';
import { TRANSFER_TARGET_KINDS, type FileEventKind } from '../../workers/life-events/vocabulary';

/** The business key of an event's instance. */
export const fileEventBusinessKey = (kind: FileEventKind, eventId: string) => `${kind}-${eventId}`;

async function openableFile(ctx: AppContext, user: AuthUser, fileId: string, what: string) {
  const file = await findVisibleFile(ctx, user, fileId);
  if (!hasRole(user, 'grassroots_staff', file.orgPath)) throw new AppError('FORBIDDEN', `只有建档工会的保障工作人员可以申请${what}`);
  if (file.status !== 'filed') throw new AppError('CONFLICT', `只有已建档的档案可以申请${what}`);
  return file;
}

async function assertNoOpenEvent(tx: Tx, fileId: string) {
  const open = await tx.fileEvent.findFirst({ where: { fileId, status: 'pending' } });
  if (open) throw new AppError('CONFLICT', open.kind === 'transfer' ? '该档案的转移申请正在审批中' : '该档案的注销申请正在审批中');
}

/** 申请注销: the chair of the file's union decides in `file-cancellation`. */
export async function requestCancellation(ctx: AppContext, user: AuthUser, fileId: string, body: unknown) {
  const file = await openableFile(ctx, user, fileId, '注销档案');
  const input = CancellationRequestSchema.parse(body);
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(
    async (tx) => {
      await assertNoOpenEvent(tx, file.id);
      const event = await tx.fileEvent.create({
        data: { fileId: file.id, kind: 'cancellation', reason: input.reason, note: input.note, fromOrgId: file.orgId, fromOrgPath: file.orgPath, status: 'pending', requestedBy: user.id, requestedAt: now },
      });
      const orgs = await orgChain(tx, file.orgId);
      const started = await ctx.engine.startInstance(
        'file-cancellation',
        {
          businessKey: fileEventBusinessKey('cancellation', event.id),
          orgPath: file.orgPath,
          variables: { fileId: file.id, eventId: event.id, orgs, event: { kind: 'cancellation', reason: input.reason, note: input.note, fromOrgName: file.org.name } },
        },
        tx,
      );
      await tx.fileEvent.update({ where: { id: event.id }, data: { instanceId: started.instanceId } });
      await audit(tx, user, { action: 'request_cancellation', entity: 'household_file', entityId: file.id, after: { eventId: event.id, ...input }, orgId: file.orgId }, now);
      return { id: event.id, fileId: file.id, kind: 'cancellation', status: 'pending', instanceId: started.instanceId };
    },
    { timeout: 30_000 },
  );
}

/** 申请转移: the old union's chair, then the new union's chair decide in `file-transfer`. */
export async function requestTransfer(ctx: AppContext, user: AuthUser, fileId: string, body: unknown) {
  const file = await openableFile(ctx, user, fileId, '转移档案');
  const input = TransferRequestSchema.parse(body);
  const target = await ctx.db.prisma.org.findUnique({ where: { id: input.toOrgId } });
  if (!target || !(TRANSFER_TARGET_KINDS as readonly string[]).includes(target.kind)) {
    throw new AppError('UNPROCESSABLE', '接收工会须为基层（街道、社区、企业）工会', { toOrgId: '接收工会须为基层（街道、社区、企业）工会' });
  }
  if (target.id === file.orgId) throw new AppError('UNPROCESSABLE', '接收工会不能是档案所在工会', { toOrgId: '接收工会不能是档案所在工会' });
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(
    async (tx) => {
      await assertNoOpenEvent(tx, file.id);
      const event = await tx.fileEvent.create({
        data: {
          fileId: file.id,
          kind: 'transfer',
          reason: input.reason,
          note: input.note,
          fromOrgId: file.orgId,
          fromOrgPath: file.orgPath,
          toOrgId: target.id,
          toOrgPath: target.path,
          status: 'pending',
          requestedBy: user.id,
          requestedAt: now,
        },
      });
      const orgs = { ...(await orgChain(tx, file.orgId)), target: target.id };
      const started = await ctx.engine.startInstance(
        'file-transfer',
        {
          businessKey: fileEventBusinessKey('transfer', event.id),
          orgPath: file.orgPath,
          variables: {
            fileId: file.id,
            eventId: event.id,
            orgs,
            targetOrgs: await orgChain(tx, target.id),
            event: { kind: 'transfer', reason: input.reason, note: input.note, fromOrgName: file.org.name, toOrgName: target.name },
          },
        },
        tx,
      );
      await tx.fileEvent.update({ where: { id: event.id }, data: { instanceId: started.instanceId } });
      await audit(tx, user, { action: 'request_transfer', entity: 'household_file', entityId: file.id, after: { eventId: event.id, ...input }, orgId: file.orgId }, now);
      return { id: event.id, fileId: file.id, kind: 'transfer', status: 'pending', instanceId: started.instanceId };
    },
    { timeout: 30_000 },
  );
}

/** The file's life events, newest first, with the unions' names. */
export async function listFileEvents(ctx: AppContext, user: AuthUser, fileId: string) {
  const file = await findVisibleFile(ctx, user, fileId);
  const events = await ctx.db.prisma.fileEvent.findMany({ where: { fileId: file.id }, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }] });
  const orgIds = [...new Set(events.flatMap((e) => [e.fromOrgId, e.toOrgId]).filter((x): x is string => !!x))];
  const userIds = [...new Set(events.flatMap((e) => [e.requestedBy, e.newHelperId]).filter((x): x is string => !!x))];
  const [orgs, users] = await Promise.all([
    ctx.db.prisma.org.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    ctx.db.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  return events.map((e) => ({
    id: e.id,
    fileId: e.fileId,
    kind: e.kind,
    reason: e.reason,
    note: e.note,
    status: e.status,
    fromOrgId: e.fromOrgId,
    fromOrgName: orgName.get(e.fromOrgId) ?? e.fromOrgId,
    toOrgId: e.toOrgId,
    toOrgName: e.toOrgId ? (orgName.get(e.toOrgId) ?? e.toOrgId) : null,
    newHelperName: e.newHelperId ? (userName.get(e.newHelperId) ?? null) : null,
    requestedBy: userName.get(e.requestedBy) ?? e.requestedBy,
    requestedAt: e.requestedAt,
    decidedAt: e.decidedAt,
  }));
}

/**
 * Unions a file may be transferred to: every grassroots union (a worker may move anywhere); the
 * names of unions are not personal data. For grassroots staff, who request transfers.
 */
export async function transferTargets(ctx: AppContext, user: AuthUser) {
  if (!user.roles.some((r) => r.role === 'grassroots_staff')) throw new AppError('FORBIDDEN', '只有基层工会保障工作人员可以申请转移档案');
  const orgs = await ctx.db.prisma.org.findMany({ where: { kind: { in: [...TRANSFER_TARGET_KINDS] } }, include: { parent: { select: { name: true } } }, orderBy: { path: 'asc' } });
  return orgs.map((o) => ({ id: o.id, name: o.name, parentName: o.parent?.name ?? null }));
}
