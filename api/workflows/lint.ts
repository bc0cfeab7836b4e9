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
