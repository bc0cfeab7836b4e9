/**
 * Job handlers of `file-cancellation` and `file-transfer` (issue 10). Each write is guarded by
 * the event's state (`pending` → decided once), so a job that runs twice does no harm; the
 * notification is keyed by the job key.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import type { Tx } from '../../api/db/client';
import { audit } from '../../api/audit';
import { orgChain } from '../../api/applications/submit';
import { parseJobVars } from '../campaigns/job-vars';
import {
  CANCELLATION_REASON_LABELS,
  TRANSFER_REASON_LABELS,
  cancellationCloseReason,
  type CancellationReason,
  type TransferReason,
} from './vocabulary';

const EventVars = z.object({ eventId: z.string().min(1) });

/**
 * The help cycles still running for a file (one per year; business key `fileNo/year`). Read from
 * the embedded runtime's instance table, as `help-cycle-start` does.
 */
async function openHelpCycles(tx: Tx, fileNo: string | null): Promise<string[]> {
  if (!fileNo) return [];
  const rows = await tx.processInstance.findMany({ where: { bpmnProcessId: 'help-cycle', status: { in: ['active', 'incident'] }, businessKey: { startsWith: `${fileNo}/` } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * 注销档案: the file is cancelled with its reason (脱困 also records the exit), its open help cycle
 * ends through the engine, and an untrue declaration blacklists the worker (seed 一(三)4,
 * 川工保字[2016]6号).
 */
export async function fileCancel(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, EventVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  if (!ctx.engine) return job.fail({ errorMessage: '工作流引擎未就绪' });
  const engine = ctx.engine;
  const now = ctx.clock.now();
  const missing = await ctx.db.prisma.$transaction(
    async (tx) => {
      const event = await tx.fileEvent.findUnique({ where: { id: vars.eventId } });
      if (!event || event.kind !== 'cancellation') return true;
      if (event.status !== 'pending') return false;
      const file = await tx.householdFile.findUniqueOrThrow({ where: { id: event.fileId } });
      const reason = event.reason as CancellationReason;
      await tx.householdFile.update({
        where: { id: file.id },
        data: { status: 'cancelled', closeReason: cancellationCloseReason(reason, event.note), closedAt: now, ...(reason === 'exited' && { exitedAt: now }) },
      });
      if (reason === 'untrue_declaration') {
        await tx.blacklist.upsert({
          where: { idNumber: file.idNumber },
          update: {},
          create: { idNumber: file.idNumber, reason: `不如实申报、弄虚作假骗取建档资格，注销档案并列入黑名单：${event.note}`, fileId: file.id, createdAt: now },
        });
      }
      const cycles = await openHelpCycles(tx, file.fileNo);
      for (const id of cycles) await engine.cancelInstance(id, tx);
      await tx.fileEvent.update({ where: { id: event.id }, data: { status: 'approved', decidedAt: now } });
      await audit(
        tx,
        null,
        { action: 'cancel', entity: 'household_file', entityId: file.id, before: { status: file.status }, after: { status: 'cancelled', reason, eventId: event.id, blacklisted: reason === 'untrue_declaration', helpCyclesEnded: cycles.length }, orgId: file.orgId },
        now,
      );
      return false;
    },
    { timeout: 30_000 },
  );
  if (missing) return job.fail({ errorMessage: `注销申请 ${vars.eventId} 不存在`, retries: 0 });
  return job.complete();
}

/**
 * 转移档案: the file moves to the new union with everything recorded about it (history, visits,
 * income, plans, payments and project enrolments follow the file's id); its open help-cycle
 * tasks move with it (the instance's `orgs`), claims are released, and the helper the new chair
 * picked becomes the first helper. The second helper stays only if he still covers the new union.
 */
export async function fileTransfer(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, EventVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  if (!ctx.engine) return job.fail({ errorMessage: '工作流引擎未就绪' });
  const engine = ctx.engine;
  const now = ctx.clock.now();
  const missing = await ctx.db.prisma.$transaction(
    async (tx) => {
      const event = await tx.fileEvent.findUnique({ where: { id: vars.eventId } });
      if (!event || event.kind !== 'transfer' || !event.toOrgId) return true;
      if (event.status !== 'pending') return false;
      const file = await tx.householdFile.findUniqueOrThrow({ where: { id: event.fileId } });
      const target = await tx.org.findUniqueOrThrow({ where: { id: event.toOrgId } });
      const second = file.secondHelperId ? await tx.userRole.findMany({ where: { userId: file.secondHelperId }, include: { org: { select: { path: true } } } }) : [];
      const secondStays = second.some((r) => target.path.startsWith(r.org.path));
      await tx.householdFile.update({
        where: { id: file.id },
        data: { orgId: target.id, orgPath: target.path, firstHelperId: event.newHelperId ?? null, secondHelperId: secondStays ? file.secondHelperId : null },
      });
      await tx.projectEnrolment.updateMany({ where: { fileId: file.id }, data: { orgId: target.id, orgPath: target.path } });
      const orgs = await orgChain(tx, target.id);
      const cycles = await openHelpCycles(tx, file.fileNo);
      for (const id of cycles) await engine.moveInstance(id, { orgPath: target.path, variables: { orgs } }, tx);
      await tx.fileEvent.update({ where: { id: event.id }, data: { status: 'approved', decidedAt: now } });
      await audit(
        tx,
        null,
        {
          action: 'transfer',
          entity: 'household_file',
          entityId: file.id,
          before: { orgId: file.orgId, firstHelperId: file.firstHelperId, secondHelperId: file.secondHelperId },
          after: { orgId: target.id, firstHelperId: event.newHelperId, secondHelperId: secondStays ? file.secondHelperId : null, eventId: event.id, helpCyclesMoved: cycles.length },
          orgId: target.id,
        },
        now,
      );
      return false;
    },
    { timeout: 30_000 },
  );
  if (missing) return job.fail({ errorMessage: `转移申请 ${vars.eventId} 不存在`, retries: 0 });
  return job.complete();
}

/** 告知上级工会: the county-level union above the file (both unions' when a transfer crosses counties). */
export async function fileEventNotify(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, EventVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const now = ctx.clock.now();
  const event = await prisma.fileEvent.findUnique({ where: { id: vars.eventId } });
  if (!event) return job.fail({ errorMessage: `档案事项 ${vars.eventId} 不存在`, retries: 0 });
  if (await prisma.notification.findFirst({ where: { jobKey: job.key } })) return job.complete();
  const file = await prisma.householdFile.findUniqueOrThrow({ where: { id: event.fileId } });
  const orgs = await prisma.org.findMany({ where: { id: { in: [event.fromOrgId, event.toOrgId].filter((x): x is string => !!x) } } });
  const name = (id: string | null) => orgs.find((o) => o.id === id)?.name ?? id ?? '';
  const label = file.fileNo ?? file.caseNo;
  const message =
    event.kind === 'cancellation'
      ? `${name(event.fromOrgId)}注销困难职工档案 ${label}：${CANCELLATION_REASON_LABELS[event.reason as CancellationReason] ?? event.reason}`
      : `困难职工档案 ${label} 已由${name(event.fromOrgId)}转至${name(event.toOrgId)}（${TRANSFER_REASON_LABELS[event.reason as TransferReason] ?? event.reason}）`;
  const uppers = new Set<string>();
  for (const path of [event.fromOrgPath, event.toOrgPath]) {
    if (!path) continue;
    const ids = path.split('/').filter(Boolean);
    uppers.add(ids[3] ?? ids[2]);
  }
  const upperOrgs = await prisma.org.findMany({ where: { id: { in: [...uppers] } } });
  await prisma.notification.createMany({
    data: upperOrgs.map((o) => ({ jobKey: job.key, kind: 'file_event', instanceId: job.processInstanceKey, role: 'county_reviewer', orgId: o.id, orgPath: o.path, message, createdAt: now })),
  });
  return job.complete();
}

/** 未获批准: the event is closed as rejected; the file stays as it was. */
export async function fileEventDecline(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, EventVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  await ctx.db.prisma.fileEvent.updateMany({ where: { id: vars.eventId, status: 'pending' }, data: { status: 'rejected', decidedAt: ctx.clock.now() } });
  return job.complete();
}

export const LIFE_EVENT_HANDLERS = {
  'file-cancel': fileCancel,
  'file-transfer': fileTransfer,
  'file-event-notify': fileEventNotify,
  'file-event-decline': fileEventDecline,
};
