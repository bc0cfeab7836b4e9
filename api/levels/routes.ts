import { Router } from 'express';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { LevelRuleSetSchema } from '../../workers/levels';
import { requireProcessAdmin } from '../standards/routes';

const InputSchema = LevelRuleSetSchema.omit({ version: true });

/**
 * Provincial, city, county and grassroots filing criteria (SPEC §4): each change is a new
 * version from its date; old versions stay, so earlier decisions remain explainable.
 */
export function levelRoutes(ctx: AppContext): Router {
  const r = Router();
  const prisma = ctx.db.prisma;
  const view = (row: { id: string; definition: unknown; createdAt: Date }) => ({ id: row.id, ...(row.definition as object), createdAt: row.createdAt });

  r.get('/', async (req, res) => {
    requireUser(req);
    const rows = await prisma.levelRuleSet.findMany({ orderBy: [{ level: 'asc' }, { version: 'desc' }] });
    res.setHeader('Content-Range', `level-rule-sets 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    res.json(rows.map(view));
  });

  r.post('/', async (req, res) => {
    const user = requireUser(req);
    requireProcessAdmin(user);
    const input = InputSchema.parse(req.body);
    const row = await prisma.$transaction(async (tx) => {
      const latest = await tx.levelRuleSet.findFirst({ where: { level: input.level }, orderBy: { version: 'desc' } });
      if (latest && latest.validFrom.toISOString().slice(0, 10) > input.validFrom) {
        throw new AppError('UNPROCESSABLE', '新版本的生效日期不能早于上一版本', { validFrom: '新版本的生效日期不能早于上一版本' });
      }
      const definition = LevelRuleSetSchema.parse({ ...input, version: (latest?.version ?? 0) + 1 });
      const created = await tx.levelRuleSet.create({
        data: { level: definition.level, version: definition.version, validFrom: new Date(`${definition.validFrom}T00:00:00Z`), definition: definition as any, createdBy: user.id },
      });
      await audit(tx, user, { action: 'create', entity: 'level_rule_set', entityId: created.id, after: definition }, ctx.clock.now());
      return created;
    });
    res.status(201).json(view(row));
  });

  return r;
}
