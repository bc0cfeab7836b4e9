import type { Tx } from '../db/client';
import type { PrismaClient } from '../../prisma/generated/client';

/** Files that block a new application for the same person (SPEC §5.1 duplicate and blacklist check). */
export const ACTIVE_FILE_STATUSES = ['in_review', 'returned', 'filed'];

export interface Conflict {
  reason: 'blacklisted' | 'active_file';
  message: string;
}

/**
 * Whether any of these ID numbers is blacklisted, or belongs (as applicant or family member) to
 * another active file. The message names only the other file's union, never its people.
 */
export async function findConflict(db: Tx | PrismaClient, idNumbers: string[], excludeFileId?: string): Promise<Conflict | null> {
  const ids = [...new Set(idNumbers.map((s) => s.toUpperCase()))];
  const black = await db.blacklist.findFirst({ where: { idNumber: { in: ids } } });
  if (black) return { reason: 'blacklisted', message: '申请人或家庭成员已列入建档黑名单，不予受理' };
  const notThis = excludeFileId ? { id: { not: excludeFileId } } : {};
  const asApplicant = await db.householdFile.findFirst({
    where: { idNumber: { in: ids }, status: { in: ACTIVE_FILE_STATUSES }, ...notThis },
    include: { org: { select: { name: true } } },
  });
  const asMember =
    asApplicant ??
    (await db.householdFile.findFirst({
      where: { status: { in: ACTIVE_FILE_STATUSES }, members: { some: { idNumber: { in: ids } } }, ...notThis },
      include: { org: { select: { name: true } } },
    }));
  if (asMember) return { reason: 'active_file', message: `申请人或家庭成员已在${asMember.org.name}的困难职工档案中，不能重复建档` };
  return null;
}
