import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkflowEngine, Deployment } from '../engine/port';
import { readModel } from '../engine/embedded/model';

export const WORKFLOWS_DIR = join(import.meta.dirname, '..', '..', 'workflows');

export function workflowFiles(dir = WORKFLOWS_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return workflowFiles(path);
    return name.endsWith('.bpmn') ? [path] : [];
  });
}

/**
 * Deploys every model under workflows/ at start-up. A file already deployed at any version keeps
 * that version and is not deployed again: a version a process admin deployed since from the
 * modeler (issue 6) stays the latest instead of being replaced by the file at the next start.
 */
export async function deployAll(engine: WorkflowEngine, dir = WORKFLOWS_DIR): Promise<Deployment[]> {
  const out: Deployment[] = [];
  for (const file of workflowFiles(dir)) {
    const xml = readFileSync(file, 'utf8');
    const known = await deployedVersionOf(engine, xml);
    out.push(...(known ? [known] : await engine.deploy(relative(dir, file), xml)));
  }
  return out;
}

/** The deployed version whose XML is exactly `xml`: the latest first, older ones only when it differs. */
async function deployedVersionOf(engine: WorkflowEngine, xml: string): Promise<Deployment | null> {
  const bpmnProcessId = (await readModel(xml)).models.find((m) => m.bpmnProcessId)?.bpmnProcessId;
  if (!bpmnProcessId) return null;
  const latest = await engine.latestDefinition(bpmnProcessId);
  if (!latest) return null;
  if (latest.xml === xml) return { bpmnProcessId, version: latest.version, definitionId: latest.definitionId, created: false };
  for (const v of await engine.listDefinitions(bpmnProcessId)) {
    if (v.definitionId !== latest.definitionId && (await engine.definitionXml(v.definitionId)) === xml) {
      return { bpmnProcessId, version: v.version, definitionId: v.definitionId, created: false };
    }
  }
  return null;
}
