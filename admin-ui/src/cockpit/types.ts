import type { Task } from '../inbox/types';

/** `GET /api/cockpit/overview` */
export interface CockpitOverview {
  scope: { orgId: string; orgName: string }[];
  stalled: {
    total: number;
    byUnion: { orgId: string; orgName: string; count: number }[];
    byStep: { bpmnProcessId: string; elementId: string; name: string; count: number }[];
  };
  incidents: { open: number };
  files: { level: string; status: string; count: number }[];
  processes: { bpmnProcessId: string; name: string }[];
}

/** A row of `GET /api/cockpit/tasks` */
export type StalledTask = Omit<Task, 'variables'> & { overdueDays: number; overdueWorkingDays: number };

/** The stalled list's filter: what a click on a figure or on the heatmap sets. */
export interface TaskFilter {
  overdue: boolean;
  orgId?: string;
  orgName?: string;
  bpmnProcessId?: string;
  elementId?: string;
  elementName?: string;
}

export interface Heatmap {
  bpmnProcessId: string;
  version: number;
  xml: string;
  elements: { elementId: string; waiting: number; overdue: number; incidents: number }[];
}

export interface Assignee {
  id: string;
  displayName: string;
  title: string | null;
  orgName: string | null;
  current: boolean;
}

export interface Incident {
  id: string;
  bpmnProcessId: string;
  businessKey: string | null;
  elementId: string | null;
  message: string;
  createdAt: string;
}

export interface TargetRow {
  id: string;
  orgId: string;
  orgName: string;
  year: number;
  households: number;
  exits: number;
  exitRatePct: number;
  target: number;
  met: boolean;
}

export interface PairingRow {
  id: string;
  displayName: string;
  orgName: string | null;
  households: number;
  visits: number;
  shortfalls: ('households' | 'visits')[];
  short: boolean;
}
