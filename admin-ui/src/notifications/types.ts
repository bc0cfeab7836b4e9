import type { RaRecord } from 'react-admin';

/** A reminder (the task reached its due date) or an escalation (it stalled past its limit): `GET /api/notifications`. */
export type NotificationRecord = RaRecord & {
  kind: 'reminder' | 'escalation';
  taskId: string | null;
  message: string;
  createdAt: string;
  readAt: string | null;
};
