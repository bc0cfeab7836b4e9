import type { Tx } from '../db/client';
import type { PrismaClient } from '../../prisma/generated/client';

export interface RegionStandards {
  regionCode: string;
  validFrom: string;
  dibao: number;
  lowIncomeLine?: number;
  isDemo: boolean;
}

/**
 * The dibao and low-income line (fen per person per month) in force in a region on a date
 * (SPEC §3): the latest row whose validFrom is on or before the date, taken from the county's
 * own row, else the city's, else the province's (GB/T 2260 codes nest by prefix).
 */
export async function standardsFor(db: Tx | PrismaClient, regionCode: string, date: string): Promise<RegionStandards | null> {
  const candidates = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  const rows = await db.dibaoStandard.findMany({
    where: { regionCode: { in: candidates }, validFrom: { lte: new Date(`${date}T00:00:00Z`) } },
    orderBy: { validFrom: 'desc' },
  });
  for (const code of candidates) {
    const row = rows.find((r) => r.regionCode === code);
    if (row) {
      return {
        regionCode: row.regionCode,
        validFrom: row.validFrom.toISOString().slice(0, 10),
        dibao: row.dibao,
        ...(row.lowIncomeLine !== null && { lowIncomeLine: row.lowIncomeLine }),
        isDemo: row.isDemo,
      };
    }
  }
  return null;
}
