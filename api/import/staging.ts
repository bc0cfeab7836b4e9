/**
 * Previewed imports wait here, in this process's memory, until their owner confirms them;
 * nothing reaches the database before that. An import that is not confirmed within
 * `STAGED_TTL_MS` is dropped, and so is a finished one after the same time (its progress stays
 * readable until then). Behind several API processes the preview and its confirmation must
 * reach the same process (sticky sessions), or the confirmation finds nothing (404).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Application } from '../applications/application.schema';
import type { RowError, StockFields } from './parse';

export const STAGED_TTL_MS = 30 * 60_000;
/** A user's older previews give way to newer ones beyond this many. */
const PER_OWNER = 3;

export interface StagedRow {
  row: number;
  app: Application;
  stock: StockFields;
  idColumns: Array<{ idNumber: string; column: string }>;
}

export type ImportStatus = 'ready' | 'running' | 'done' | 'failed';

export interface StagedImport {
  id: string;
  ownerId: string;
  orgId: string;
  orgPath: string;
  /** data rows of the sheet */
  total: number;
  rows: StagedRow[];
  errors: RowError[];
  status: ImportStatus;
  /** staged rows handled so far (written or skipped) */
  done: number;
  filed: number;
  inReview: number;
  /** rows that became conflicts between preview and confirmation */
  skipped: RowError[];
  failure: string | null;
  touchedAt: number;
}

export class ImportStore {
  private readonly imports = new Map<string, StagedImport>();
  constructor(private readonly clock: Clock) {}

  private sweep() {
    const now = this.clock.now().getTime();
    for (const [id, i] of this.imports) if (i.status !== 'running' && now - i.touchedAt > STAGED_TTL_MS) this.imports.delete(id);
  }

  stage(input: Omit<StagedImport, 'id' | 'status' | 'done' | 'filed' | 'inReview' | 'skipped' | 'failure' | 'touchedAt'>): StagedImport {
    this.sweep();
    const mine = [...this.imports.values()].filter((i) => i.ownerId === input.ownerId && i.status === 'ready').sort((a, b) => a.touchedAt - b.touchedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - PER_OWNER + 1))) this.imports.delete(old.id);
    const staged: StagedImport = { ...input, id: randomUUID(), status: 'ready', done: 0, filed: 0, inReview: 0, skipped: [], failure: null, touchedAt: this.clock.now().getTime() };
    this.imports.set(staged.id, staged);
    return staged;
  }

  /** The owner's import, or undefined: another user's import does not exist for them. */
  get(id: string, ownerId: string): StagedImport | undefined {
    this.sweep();
    const found = this.imports.get(id);
    return found && found.ownerId === ownerId ? found : undefined;
  }

  touch(staged: StagedImport) {
    staged.touchedAt = this.clock.now().getTime();
  }
}
