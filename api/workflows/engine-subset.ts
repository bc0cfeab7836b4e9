import BpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { LintReport } from './lint';

/**
 * One BPMN for both engines (issue 8): constructs Camunda 8.8 runs but the embedded runtime
 * does not run the same way (TOOLCHAIN.md, "Embedded engine"), so a model that would behave
 * differently on the two engines is refused before deploy instead of surprising someone later.
 */
export const ENGINE_SUBSET_RULES = {
  'inclusive-join': 'bpmn-engine 的包容网关不会合并（join）：改用并行网关合并，或在合并前用排他网关区分',
  'zeebe-script': '内嵌引擎不执行 zeebe:script（FEEL 脚本任务）：改为由 worker 处理的服务任务',
  'cycle-start-timer': '内嵌引擎不会按周期定时启动流程（cron 或 R/ 循环定时器）：由调度程序按计划启动流程',
  'cron-timer': '内嵌引擎不支持 cron 表达式的定时器：改用 ISO 8601 时长或日期',
  'call-activity': '内嵌引擎不支持跨文件的调用活动（call activity）：改用子流程，或由服务任务启动另一个流程',
  'user-task-io-mapping': '内嵌引擎忽略用户任务上的输入/输出映射：在表单的 output 属性或上一步的 worker 中准备变量',
  'called-decision': '内嵌引擎没有 DMN 决策引擎（zeebe:calledDecision）：改为由 worker 调用规则的服务任务',
  'listeners': '内嵌引擎不运行执行监听器或任务监听器（zeebe:executionListeners / zeebe:taskListeners）',
} as const;

type Rule = keyof typeof ENGINE_SUBSET_RULES;
type Moddle = Record<string, any>;

const extension = (el: Moddle, type: string): Moddle | undefined => el.extensionElements?.values?.find((v: Moddle) => v.$type === type);

/** Reports, per element, every construct outside the embedded runtime's supported subset. */
export async function lintEngineSubset(xml: string): Promise<LintReport[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const { rootElement } = await moddle.fromXML(xml);
  const out: LintReport[] = [];
  const report = (rule: Rule, id: string | undefined) => out.push({ rule: `engine-subset/${rule}`, id, message: ENGINE_SUBSET_RULES[rule], category: 'error' });

  const visit = (container: Moddle) => {
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:InclusiveGateway' && (el.incoming?.length ?? 0) > 1) report('inclusive-join', el.id);
      if (el.$type === 'bpmn:CallActivity') report('call-activity', el.id);
      if (extension(el, 'zeebe:Script')) report('zeebe-script', el.id);
      if (extension(el, 'zeebe:CalledDecision')) report('called-decision', el.id);
      if (extension(el, 'zeebe:ExecutionListeners') || extension(el, 'zeebe:TaskListeners')) report('listeners', el.id);
      if (el.$type === 'bpmn:UserTask' && extension(el, 'zeebe:IoMapping')) report('user-task-io-mapping', el.id);
      for (const def of el.eventDefinitions ?? []) {
        if (def.$type !== 'bpmn:TimerEventDefinition' || !def.timeCycle) continue;
        const cycle = String(def.timeCycle.body ?? '').trim();
        if (el.$type === 'bpmn:StartEvent' && !container.triggeredByEvent) report('cycle-start-timer', el.id);
        else if (isCron(cycle)) report('cron-timer', el.id);
      }
      if (el.flowElements) visit(el);
    }
  };
  for (const root of rootElement.rootElements ?? []) {
    if (root.$type === 'bpmn:Process') {
      if (extension(root, 'zeebe:ExecutionListeners')) report('listeners', root.id);
      visit(root);
    }
  }
  return out;
}

/** A timeCycle that is neither an ISO 8601 repetition (`R/…`, `R3/PT1H`) nor a FEEL expression is cron. */
function isCron(cycle: string): boolean {
  return !!cycle && !cycle.startsWith('=') && !/^R\d*\//.test(cycle) && !cycle.startsWith('P');
}
