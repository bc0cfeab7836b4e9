/**
 * The seed's own 2018 campaign timeline (泸工发〔2018〕10号 一 to 四) as the city's demo campaign:
 * fund clean-up by 6 April, data entry by 7 April, stock clean-up by 10 April, restoration and new
 * files 11–30 April, the county plans by 30 April, classified help 1 May – 30 October, the
 * December evaluation. Idempotent.
 */
import type { PrismaClient } from './generated/client';
import { SEED_TIMELINE } from '../workers/year/vocabulary';

export const SEED_CAMPAIGN = { orgId: '510500', year: 2018, name: '2018年困难职工解困脱困工作' };

export async function seedYear(prisma: PrismaClient): Promise<void> {
  const { orgId, year, name } = SEED_CAMPAIGN;
  if (!(await prisma.org.findUnique({ where: { id: orgId } }))) return;
  const milestones = SEED_TIMELINE.map((m) => ({ key: m.key, name: m.name, start: m.start && `${year}-${m.start}`, end: `${year}-${m.end}` }));
  await prisma.campaign.upsert({
    where: { orgId_year_name: { orgId, year, name } },
    update: {},
    create: { orgId, year, name, milestones, createdBy: 'seed', createdAt: new Date('2018-04-01T00:00:00+08:00') },
  });
}
