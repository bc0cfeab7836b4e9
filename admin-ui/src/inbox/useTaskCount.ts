import { useGetList } from 'react-admin';

export const INBOX_VIEWS = ['all', 'mine', 'group', 'unclaimed', 'overdue'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** How many open tasks one inbox view holds (asks for one row and reads Content-Range). */
export function useTaskCount(view: InboxView): number | undefined {
  const { total } = useGetList(
    'tasks',
    { pagination: { page: 1, perPage: 1 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { view } },
    // New tasks arrive from other officials and from timers: keep the counts fresh.
    { refetchInterval: 60_000 },
  );
  return total;
}
