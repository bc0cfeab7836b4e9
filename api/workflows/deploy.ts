import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkflowEngine, Deployment } from '../engine/port';

export const WORKFLOWS_DIR = join(import.meta.dirname, '..', '..', 'workflows');

export function workflowFiles(dir = WORKFLOWS_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return workflowFiles(path);
    return name.endsWith('.bpmn') ? [path] : [];
  });
}

/** Deploys every model under workflows/; an unchanged file keeps its version. */
export async function deployAll(engine: WorkflowEngine, dir = WORKFLOWS_DIR): Promise<Deployment[]> {
  const out: Deployment[] = [];
  for (const file of workflowFiles(dir)) out.push(...(await engine.deploy(relative(dir, file), readFileSync(file, 'utf8'))));
  return out;
}
