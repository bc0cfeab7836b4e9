import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

export interface LintReport {
  rule: string;
  id: string | undefined;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

/**
 * Lints a model with bpmnlint's recommended rules and Camunda 8.8's compatibility rules, with the
 * Zeebe moddle loaded (the CLI does not load it and reports false errors, see TOOLCHAIN.md).
 */
export async function lintBpmn(xml: string): Promise<LintReport[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const { rootElement } = await moddle.fromXML(xml);
  const linter = new Linter({
    config: {
      extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'],
      rules: {
        // Our diagrams are generated with explicit labels; bpmnlint's label rule is about style.
        'label-required': 'off',
      },
    },
    resolver: new NodeResolver(),
  });
  const results: Record<string, Array<{ id?: string; message: string; category: LintReport['category'] }>> = await linter.lint(rootElement);
  return Object.entries(results).flatMap(([rule, reports]) => reports.map((r) => ({ rule, id: r.id, message: r.message, category: r.category })));
}

export const ROLES = ['grassroots_staff', 'grassroots_chair', 'helper', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'process_admin', 'supervisor'] as const;
/** Zeebe wants a list of candidate groups: `=["county_reviewer:" + orgs.county]`. */
const GROUP = new RegExp(`^=\\["(${ROLES.join('|')}):" \\+ orgs\\.\\w+\\]$`);

/**
 * The project's own rules on top of Camunda's: every job type has a handler, every user task
 * has a candidate group of the form `=["<role>:" + orgs.<level>]` naming a SPEC §1 role, and
 * a form and an output variable the API knows.
 */
export async function lintProject(xml: string, known: { jobTypes: string[]; formKeys: string[] }): Promise<LintReport[]> {
  const { readModel } = await import('../engine/embedded/model');
  const { models } = await readModel(xml);
  const out: LintReport[] = [];
  const report = (id: string, message: string) => out.push({ rule: 'project', id, message, category: 'error' });
  for (const m of models) {
    for (const el of Object.values(m.elements)) {
      if (el.jobType && !known.jobTypes.includes(el.jobType)) report(el.id, `任务类型 ${el.jobType} 没有对应的处理程序`);
      if (el.type !== 'bpmn:UserTask') continue;
      if (!el.candidateGroups) report(el.id, '用户任务缺少候选组（角色:组织）');
      else if (!GROUP.test(el.candidateGroups)) report(el.id, `候选组 ${el.candidateGroups} 不是“角色:组织”形式或角色不存在`);
      if (!el.formKey || !known.formKeys.includes(el.formKey)) report(el.id, `用户任务的表单 ${el.formKey ?? '(无)'} 未定义`);
      if (!el.properties?.output) report(el.id, '用户任务缺少 output 属性（表单提交到的流程变量）');
    }
  }
  return out;
}
