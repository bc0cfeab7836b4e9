/** `GET /api/process-definitions` (api/processes/definitions.ts). */
export interface ProcessVersion {
  definitionId: string;
  version: number;
  resourceName: string | null;
  deployedAt: string | null;
  deployedBy: string | null;
  activeInstances: number;
}

export interface ProcessRecord {
  id: string;
  bpmnProcessId: string;
  name: string | null;
  latestVersion: number;
  activeInstances: number;
  versions: ProcessVersion[];
}

/** One problem of `POST /api/process-definitions/lint`, by element id. */
export interface ModelProblem {
  rule: string;
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  source: 'camunda' | 'engine-subset' | 'project' | 'xml';
}

export interface VersionXml {
  bpmnProcessId: string;
  name: string | null;
  version: number;
  latestVersion: number;
  definitionId: string;
  xml: string;
}
