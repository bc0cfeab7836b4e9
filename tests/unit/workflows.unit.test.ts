import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintBpmn, lintProject } from '../../api/workflows/lint';
import { workflowFiles, WORKFLOWS_DIR } from '../../api/workflows/deploy';
import { readModel } from '../../api/engine/embedded/model';
import { HANDLERS } from '../../workers';
import { TASK_FORMS } from '../../api/tasks/task-forms';

const files = workflowFiles();

describe('every model under workflows/', () => {
  it('has at least the filing process', () => {
    expect(files.map((f) => relative(WORKFLOWS_DIR, f))).toContain('filing/filing.bpmn');
  });

  it.each(files.map((f) => [relative(WORKFLOWS_DIR, f), f]))('%s passes bpmnlint with camunda-cloud-8-8', async (_name, file) => {
    const reports = await lintBpmn(readFileSync(file, 'utf8'));
    expect(reports).toEqual([]);
  });

  it('every zeebe:taskDefinition type has a handler and every handler a task', async () => {
    const types = new Set<string>();
    for (const file of files) {
      const { models } = await readModel(readFileSync(file, 'utf8'));
      for (const m of models) for (const el of Object.values(m.elements)) if (el.jobType) types.add(el.jobType);
    }
    expect([...types].sort()).toEqual(Object.keys(HANDLERS).sort());
  });

  const known = { jobTypes: Object.keys(HANDLERS), formKeys: Object.keys(TASK_FORMS) };

  it.each(files.map((f) => [relative(WORKFLOWS_DIR, f), f]))('%s passes the project rules', async (_name, file) => {
    expect(await lintProject(readFileSync(file, 'utf8'), known)).toEqual([]);
  });

  it('the lints catch a user task without candidate groups, an unknown job type and a task without type', async () => {
    const xml = readFileSync(files.find((f) => f.endsWith('filing.bpmn'))!, 'utf8');
    const broken = xml
      .replace(/<zeebe:assignmentDefinition candidateGroups="[^"]*" \/>/, '')
      .replace('type="filing-close"', 'type="filing-closed"')
      .replace('<zeebe:taskDefinition type="filing-register" retries="3" />', '<zeebe:taskDefinition retries="3" />');
    expect((await lintBpmn(broken)).map((r) => r.id)).toContain('registerFile');
    expect(await lintProject(broken, known)).toEqual([
      { rule: 'project', id: 'householdSurvey', message: '用户任务缺少候选组（角色:组织）', category: 'error' },
      { rule: 'project', id: 'closeRefused', message: '任务类型 filing-closed 没有对应的处理程序', category: 'error' },
    ]);
  });
});
