import type { Tx } from './db/client';

/** Next value of a named counter, inside the caller's transaction (so numbers never repeat). */
export async function nextCounter(tx: Tx, name: string): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "Counter" (name, value) VALUES (${name}, 1)
    ON CONFLICT (name) DO UPDATE SET value = "Counter".value + 1
    RETURNING value`;
  return rows[0].value;
}
