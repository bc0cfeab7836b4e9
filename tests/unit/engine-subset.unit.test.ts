import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintEngineSubset } from '../../api/workflows/engine-subset';
import { workflowFiles, WORKFLOWS_DIR } from '../../api/workflows/deploy';

/** A small executable model around `body` (flow elements of one process). */
const model = (body: string, processExtensions = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="probe" isExecutable="true">${processExtensions}
${body}
  </bpmn:process>
</bpmn:definitions>`;

const rulesOf = async (xml: string) => (await lintEngineSubset(xml)).map((r) => [r.rule, r.id]);

describe('one BPMN for both engines: the embedded runtime’s subset', () => {
  it.each(workflowFiles().map((f) => [relative(WORKFLOWS_DIR, f), f]))('%s stays inside the subset', async (_name, file) => {
    expect(await lintEngineSubset(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('accepts what both engines run: exclusive and parallel gateways, an inclusive fork, durations and ISO cycles on boundaries', async () => {
    const xml = model(`
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:inclusiveGateway id="fork"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:inclusiveGateway>
    <bpmn:userTask id="review"><bpmn:incoming>f2</bpmn:incoming></bpmn:userTask>
    <bpmn:boundaryEvent id="remind" cancelActivity="false" attachedToRef="review">
      <bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="probe-work" /><zeebe:ioMapping><zeebe:input source="=a" target="b" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="work" />`);
    expect(await lintEngineSubset(xml)).toEqual([]);
  });

  it('refuses an inclusive join, a FEEL script task, a call activity and io mappings on a user task', async () => {
    const xml = model(`
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="score"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="c" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:callActivity id="helpCycle"><bpmn:extensionElements><zeebe:calledElement processId="help-cycle" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:callActivity>
    <bpmn:inclusiveGateway id="join"><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:inclusiveGateway>
    <bpmn:userTask id="sign"><bpmn:extensionElements><zeebe:userTask /><zeebe:ioMapping><zeebe:output source="=form" target="signed" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:incoming>f5</bpmn:incoming></bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="score" />
    <bpmn:sequenceFlow id="f2" sourceRef="start" targetRef="helpCycle" />
    <bpmn:sequenceFlow id="f3" sourceRef="score" targetRef="join" />
    <bpmn:sequenceFlow id="f4" sourceRef="helpCycle" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="join" targetRef="sign" />`);
    expect(await rulesOf(xml)).toEqual([
      ['engine-subset/zeebe-script', 'score'],
      ['engine-subset/call-activity', 'helpCycle'],
      ['engine-subset/inclusive-join', 'join'],
      ['engine-subset/user-task-io-mapping', 'sign'],
    ]);
  });

  it('refuses cycle timers that start a process (cron or R/) and cron timers anywhere', async () => {
    const yearly = model(`
    <bpmn:startEvent id="december"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2026-12-01T09:00:00+08:00/P1Y</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`);
    expect(await rulesOf(yearly)).toEqual([['engine-subset/cycle-start-timer', 'december']]);
    const cronStart = model(`
    <bpmn:startEvent id="june"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 30 6 ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`);
    expect(await rulesOf(cronStart)).toEqual([['engine-subset/cycle-start-timer', 'june']]);
    const cronBoundary = model(`
    <bpmn:userTask id="visit" />
    <bpmn:boundaryEvent id="weekly" cancelActivity="false" attachedToRef="visit">
      <bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 ? * MON</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>`);
    expect(await rulesOf(cronBoundary)).toEqual([['engine-subset/cron-timer', 'weekly']]);
  });

  it('refuses DMN decisions and listeners, which only Zeebe runs', async () => {
    const xml = model(
      `
    <bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="eligibility" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="notify" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>`,
      `<bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners></bpmn:extensionElements>`,
    );
    expect(await rulesOf(xml)).toEqual([
      ['engine-subset/listeners', 'probe'],
      ['engine-subset/called-decision', 'decide'],
      ['engine-subset/listeners', 'review'],
    ]);
  });

  it('looks inside sub-processes', async () => {
    const xml = model(`
    <bpmn:subProcess id="checks">
      <bpmn:callActivity id="nested"><bpmn:extensionElements><zeebe:calledElement processId="x" /></bpmn:extensionElements></bpmn:callActivity>
    </bpmn:subProcess>`);
    expect(await rulesOf(xml)).toEqual([['engine-subset/call-activity', 'nested']]);
  });
});
