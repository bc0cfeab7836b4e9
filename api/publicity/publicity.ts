import { z } from 'zod';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import { hasRole } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { findVisibleFile } from '../files/files';
import { maskName, maskResidentId } from '../../workers/identity/resident-id';

export const ObjectionSchema = z.object({ content: z.string({ error: '请填写异议内容' }).trim().min(1, '请填写异议内容').max(2000, '异议内容不能超过2000字') });

/**
 * 异议 during 公示: staff record what was raised; it reaches the waiting process as the
 * `publicity-objection` message (correlated by case number) and opens an investigation.
 */
export async function recordObjection(ctx: AppContext, user: AuthUser, fileId: string, body: unknown) {
  const { content } = ObjectionSchema.parse(body);
  const file = await findVisibleFile(ctx, user, fileId);
  if (!hasRole(user, 'grassroots_staff', file.orgPath) && !hasRole(user, 'grassroots_chair', file.orgPath)) {
    throw new AppError('FORBIDDEN', '只有建档工会的工作人员可以登记异议');
  }
  const now = ctx.clock.now();
  if (!file.publicityEndsAt || file.publicityEndsAt <= now) throw new AppError('CONFLICT', '该档案不在公示期内');
  // The objection and its message to the waiting case commit together (issue 7, crash safety):
  // an objection kept while its message was lost in a crash would never be investigated, and
  // one the case no longer waits for is not kept. The audit row comes last.
  const objection = await ctx.db.prisma.$transaction(
    async (tx) => {
      const row = await tx.objection.create({ data: { fileId, content, recordedBy: user.id, createdAt: now } });
      const delivered = await ctx.engine.correlateMessage('publicity-objection', file.caseNo, { objectionId: row.id }, tx);
      if (!delivered) throw new AppError('CONFLICT', '该档案不在公示期内');
      await audit(tx, user, { action: 'create', entity: 'objection', entityId: row.id, after: { fileId, content }, orgId: file.orgId }, now);
      return row;
    },
    { timeout: 30_000 },
  );
  return { id: objection.id };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The public 公示 page of one union: only what PIPL art. 25 allows to be made public — the name
 * partly masked, the ID number masked but the last four, the union, and the period. No income,
 * no phone, no address.
 */
export async function publicityPage(ctx: AppContext, orgId: string): Promise<string | null> {
  const org = await ctx.db.prisma.org.findUnique({ where: { id: orgId } });
  if (!org) return null;
  const now = ctx.clock.now();
  const files = await ctx.db.prisma.householdFile.findMany({
    where: { orgPath: { startsWith: org.path }, status: 'in_review', publicityEndsAt: { gt: now } },
    include: { org: { select: { name: true } } },
    orderBy: { publicityEndsAt: 'asc' },
  });
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const rows = files
    .map((f) => `<tr><td>${escape(maskName(f.applicantName))}</td><td>${escape(maskResidentId(f.idNumber))}</td><td>${escape(f.org.name)}</td><td>${day(f.publicityEndsAt!)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(org.name)} 困难职工建档公示</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.5rem;text-align:left}th{background:#f3f3f3}</style></head>
<body><h1>${escape(org.name)} 困难职工建档公示</h1>
<p>以下职工申请建立困难职工档案，现予公示。公示期内如有异议，请向所在基层工会反映。</p>
<table><thead><tr><th>姓名</th><th>身份证号</th><th>所在工会</th><th>公示截止</th></tr></thead><tbody>${rows || '<tr><td colspan="4">当前没有公示中的申请</td></tr>'}</tbody></table>
</body></html>`;
}
