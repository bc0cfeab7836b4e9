import type { Identifier } from 'react-admin';
import type { Task } from './types';

type Me = { id: Identifier; username?: string } | undefined;

/** The assignee field holds the user's id; the username is accepted too (see report: contract ambiguity). */
export function isMine(task: Pick<Task, 'assignee'>, me: Me): boolean {
  return task.assignee != null && me != null && (task.assignee === String(me.id) || task.assignee === me.username);
}

/**
 * What the current user can do with a task: `closed` (done or canceled), `mine` (I hold it and
 * may complete it), `taken` (someone else holds it), `open` (unclaimed: I may claim it).
 */
export function taskState(task: Task, me: Me): 'closed' | 'mine' | 'taken' | 'open' {
  if (task.status !== 'created') return 'closed';
  if (isMine(task, me)) return 'mine';
  return task.assignee ? 'taken' : 'open';
}
