import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser, hasRole, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { listParams, sendList } from '../http/list-params';
import { isIsoDate } from '../../workers/identity/resident-id';
import { standardsFor } from './standards';

const fenPerMonth = (label: string) =>
  z.number({ error: `请填写${label}（单位：分）` }).int(`${label}须为整数（单位：分）`).min(1, `${label}必须大于0`).max(100_000_000, `${label}过大`);

export const StandardInputSchema = z
  .object({
    regionCode: z.string({ error: '请填写行政区划代码' }).regex(/^\d{6}$/, '行政区划代码应为6位数字'),
    validFrom: z.string({ error: '请填写生效日期' }).refine(isIsoDate, '生效日期应为“年-月-日”格式，如 2026-03-02'),
    dibao: fenPerMonth('低保标准'),
    lowIncomeLine: fenPerMonth('低收入标准').nullable().optional(),
    note: z.string().trim().max(200, '备注不能超过200字').optional(),
  })
  .refine((s) => s.lowIncomeLine == null || s.lowIncomeLine >= s.dibao, { message: '低收入标准不得低于低保标准', path: ['lowIncomeLine'] });

const StandardFilterSchema = z.object({ regionCode: z.string().regex(/^\d{2,6}$/, '行政区划代码无效').optional() });

/** Rule parameters are the process admin's (SPEC §1); everyone may read them. */
export function requireProcessAdmin(user: AuthUser): void {
  if (!hasRole(user, 'process_admin')) throw new AppError('FORBIDDEN', '只有流程管理员可以修改规则参数');
}

const view = (r: { id: string; regionCode: string; validFrom: Date; dibao: number; lowIncomeLine: number | null; isDemo: boolean; note: string | null; createdAt: Date }) => ({
  id: r.id,
  regionCode: r.regionCode,
  validFrom: r.validFrom.toISOString().slice(0, 10),
  dibao: r.dibao,
  lowIncomeLine: r.lowIncomeLine,
  isDemo: r.isDemo,
  note: r.note,
  createdAt: r.createdAt,
});

/**
 * 低保 and low-income lines per region, as dated rows: a new standard is a new row from its date,
 * so the history stays and every decision can be replayed on the standard of its day.
 */
export function standardsRoutes(ctx: AppContext): Router {
  const r = Router();
  const prisma = ctx.db.prisma;

  r.get('/', async (req, res) => {
    requireUser(req);
    const params = listParams(req, StandardFilterSchema, ['validFrom', 'regionCode']);
    const where = params.filter.regionCode ? { regionCode: { startsWith: params.filter.regionCode } } : {};
    const sort = params.sort ?? { field: 'validFrom', order: 'DESC' };
    const [total, rows] = await Promise.all([
      prisma.dibaoStandard.count({ where }),
      prisma.dibaoStandard.findMany({ where, orderBy: [{ [sort.field]: sort.order === 'ASC' ? 'asc' : 'desc' }, { regionCode: 'asc' }], skip: params.offset, take: params.limit }),
    ]);
    sendList(res, 'standards', params.offset, rows.map(view), total);
  });

  r.get('/lookup', async (req, res) => {
    requireUser(req);
    const q = z
      .object({ regionCode: z.string({ error: '请填写行政区划代码' }).regex(/^\d{6}$/, '行政区划代码应为6位数字'), date: z.string({ error: '请填写日期' }).refine(isIsoDate, '日期应为“年-月-日”格式，如 2026-03-02') })
      .safeParse(req.query);
    if (!q.success) throw new AppError('BAD_REQUEST', q.error.issues[0].message, { [String(q.error.issues[0].path[0])]: q.error.issues[0].message });
    const found = await standardsFor(prisma, q.data.regionCode, q.data.date);
    if (!found) throw new AppError('NOT_FOUND', `未配置地区 ${q.data.regionCode} 在 ${q.data.date} 的低保标准`);
    res.json(found);
  });

  r.post('/', async (req, res) => {
    const user = requireUser(req);
    requireProcessAdmin(user);
    const input = StandardInputSchema.parse(req.body);
    const validFrom = new Date(`${input.validFrom}T00:00:00Z`);
    const row = await prisma.$transaction(async (tx) => {
      const exists = await tx.dibaoStandard.findUnique({ where: { regionCode_validFrom: { regionCode: input.regionCode, validFrom } } });
      if (exists) throw new AppError('CONFLICT', '该地区在该日期已有标准，请修改原记录', { validFrom: '该地区在该日期已有标准' });
      const created = await tx.dibaoStandard.create({
        data: { regionCode: input.regionCode, validFrom, dibao: input.dibao, lowIncomeLine: input.lowIncomeLine ?? null, note: input.note ?? null, isDemo: false, createdBy: user.id },
      });
      await audit(tx, user, { action: 'create', entity: 'dibao_standard', entityId: created.id, after: view(created) }, ctx.clock.now());
      return created;
    });
    res.status(201).json(view(row));
  });

  r.put('/:id', async (req, res) => {
    const user = requireUser(req);
    requireProcessAdmin(user);
    const input = StandardInputSchema.parse(req.body);
    const id = String(req.params.id);
    const row = await prisma.$transaction(async (tx) => {
      const before = await tx.dibaoStandard.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', '标准不存在');
      if (before.regionCode !== input.regionCode || before.validFrom.toISOString().slice(0, 10) !== input.validFrom) {
        throw new AppError('UNPROCESSABLE', '地区和生效日期不能修改；新标准请新增一条记录', { validFrom: '地区和生效日期不能修改' });
      }
      const updated = await tx.dibaoStandard.update({ where: { id }, data: { dibao: input.dibao, lowIncomeLine: input.lowIncomeLine ?? null, note: input.note ?? null, isDemo: false } });
      await audit(tx, user, { action: 'update', entity: 'dibao_standard', entityId: id, before: view(before), after: view(updated) }, ctx.clock.now());
      return updated;
    });
    res.json(view(row));
  });

  return r;
}
