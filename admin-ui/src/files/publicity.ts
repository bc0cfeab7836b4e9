import type { FileDetail } from './types';

/**
 * Whether the file is in 公示 now. `publicityEndsAt` when the API sends it; otherwise read from
 * the history: 开始公示 (`startPublicity`) is the last step done and nothing followed it, i.e.
 * the case waits in the publicity period (the receive task is not part of the history).
 */
export function inPublicity(file: Pick<FileDetail, 'status' | 'history' | 'publicityEndsAt' | 'inPublicity'>, now: Date = new Date()): boolean {
  if (file.status !== 'in_review') return false;
  if (typeof file.inPublicity === 'boolean') return file.inPublicity;
  if (file.publicityEndsAt) return new Date(file.publicityEndsAt).getTime() > now.getTime();
  const last = file.history?.[file.history.length - 1];
  return last?.elementId === 'startPublicity' && last.type === 'completed';
}

/** The union's public 公示 page (no login, masked data only). */
export const publicityPageUrl = (orgId: string) => `/public/publicity/${encodeURIComponent(orgId)}`;
