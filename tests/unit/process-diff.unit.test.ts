import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { diffModels } from '../../admin-ui/src/processes/diff';
import { WORKFLOWS_DIR } from '../../api/workflows/deploy';

/** The modeler's visual diff (issue 6): which elements a new version added, removed or changed. */
const FILING = readFileSync(join(WORKFLOWS_DIR, 'filing', 'filing.bpmn'), 'utf8');
const read = async (xml: string) => (await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml)).rootElement;

describe('diff of two versions of a model', () => {
  it('the same model has no differences, whatever its layout', async () => {
    const moved = FILING.replace(/(<dc:Bounds x=")(\d+)/, (_, a, x) => `${a}${Number(x) + 40}`);
    expect(moved).not.toBe(FILING);
    expect(await diffModels(await read(FILING), await read(moved))).toEqual({ added: [], removed: [], changed: [] });
  });

  it('a due date, a removed candidate group, a renamed task are each reported on their element', async () => {
    const changed = FILING.replace('dueDate="=deadlines.householdSurvey.dueAt"', 'dueDate="=deadlines.householdSurvey.escalateAt"')
      .replace(/(<bpmn:userTask id="grassrootsApproval"[\s\S]*?)<zeebe:assignmentDefinition [^>]*\/>/, '$1')
      .replace('name="核实后复评"', 'name="核实后再评估"');
    const diff = diffModels(await read(FILING), await read(changed));
    expect(diff.added).toEqual([]);
    const byId = Object.fromEntries(diff.changed.map((c) => [c.id, c.details]));
    expect(byId.householdSurvey).toEqual([
      { path: 'extensionElements<bpmn:ExtensionElements>.values<zeebe:TaskSchedule>.dueDate', before: '=deadlines.householdSurvey.dueAt', after: '=deadlines.householdSurvey.escalateAt' },
    ]);
    expect(byId.grassrootsApproval).toEqual([
      { path: 'extensionElements<bpmn:ExtensionElements>.values<zeebe:AssignmentDefinition>.candidateGroups', before: '=["grassroots_chair:" + orgs.grassroots]', after: null },
    ]);
    expect(byId.eligibilityRecheck).toEqual([{ path: 'name', before: '核实后复评', after: '核实后再评估' }]);
    expect(Object.keys(byId).sort()).toEqual(['eligibilityRecheck', 'grassrootsApproval', 'householdSurvey']);
  });

  it('an element that only one version has is added or removed', async () => {
    const without = FILING.replace(/<bpmn:boundaryEvent id="householdSurveyStalled"[\s\S]*?<\/bpmn:boundaryEvent>/, '');
    const diff = diffModels(await read(FILING), await read(without));
    expect(diff.removed).toEqual([{ id: 'householdSurveyStalled', type: 'bpmn:BoundaryEvent', name: '超期', details: [] }]);
    const back = diffModels(await read(without), await read(FILING));
    expect(back.added.map((a) => a.id)).toEqual(['householdSurveyStalled']);
  });
});
