import BpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

/**
 * What the runtime needs to know about each element of a deployed process, read once at
 * deploy time from the Zeebe extension elements so no step has to look at XML again.
 */
export interface ElementInfo {
  id: string;
  type: string;
  name?: string;
  /** service-like tasks: `zeebe:taskDefinition` */
  jobType?: string;
  retries?: number;
  /** `zeebe:taskHeaders`: static settings handed to the job */
  headers?: Record<string, string>;
  /** user tasks: `zeebe:assignmentDefinition`, `zeebe:formDefinition`, `zeebe:properties` */
  candidateGroups?: string;
  assignee?: string;
  formKey?: string;
  properties?: Record<string, string>;
  /** `zeebe:taskSchedule`: FEEL or ISO date-times */
  dueDate?: string;
  followUpDate?: string;
  /** message catch: `bpmn:Message` id and name, `zeebe:subscription correlationKey` */
  messageRef?: string;
  messageName?: string;
  correlationKey?: string;
  /** error catch: errorCode of the referenced bpmn:Error */
  errorCode?: string;
  attachedTo?: string;
  cancelActivity?: boolean;
  timer?: { kind: 'timeDuration' | 'timeDate' | 'timeCycle'; expression: string };
  conditions?: string[];
  defaultFlow?: string;
  outgoing?: string[];
  incoming?: string[];
  eventDefinitions?: string[];
  /** sub-process or call activity child elements live in the same map */
  parent?: string;
  calledProcessId?: string;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: Record<string, ElementInfo>;
  messages: Record<string, string>;
}

export const moddleOptions = { zeebe: zeebeSchema };

type Moddle = Record<string, any>;

function extension(el: Moddle, type: string): Moddle | undefined {
  return el.extensionElements?.values?.find((v: Moddle) => v.$type === type);
}

function collect(container: Moddle, parent: string | undefined, out: Record<string, ElementInfo>): void {
  for (const el of container.flowElements ?? []) {
    const info: ElementInfo = { id: el.id, type: el.$type, parent };
    if (el.name) info.name = el.name;
    const task = extension(el, 'zeebe:TaskDefinition');
    if (task) {
      info.jobType = task.type;
      info.retries = task.retries !== undefined ? Number(task.retries) : 3;
    }
    const headers = extension(el, 'zeebe:TaskHeaders');
    if (headers) info.headers = Object.fromEntries((headers.values ?? []).map((h: Moddle) => [h.key, h.value]));
    const assignment = extension(el, 'zeebe:AssignmentDefinition');
    if (assignment) {
      if (assignment.candidateGroups) info.candidateGroups = assignment.candidateGroups;
      if (assignment.assignee) info.assignee = assignment.assignee;
    }
    const schedule = extension(el, 'zeebe:TaskSchedule');
    if (schedule?.dueDate) info.dueDate = schedule.dueDate;
    if (schedule?.followUpDate) info.followUpDate = schedule.followUpDate;
    const form = extension(el, 'zeebe:FormDefinition');
    if (form) info.formKey = form.externalReference ?? form.formKey ?? form.formId;
    const props = extension(el, 'zeebe:Properties');
    if (props) info.properties = Object.fromEntries((props.properties ?? []).map((p: Moddle) => [p.name, p.value]));
    const called = extension(el, 'zeebe:CalledElement');
    if (called) info.calledProcessId = called.processId;
    if (el.attachedToRef) {
      info.attachedTo = el.attachedToRef.id;
      info.cancelActivity = el.cancelActivity !== false;
    }
    if (el.$type === 'bpmn:ReceiveTask' && el.messageRef) setMessage(info, el.messageRef);
    for (const def of el.eventDefinitions ?? []) {
      (info.eventDefinitions ??= []).push(def.$type);
      if (def.$type === 'bpmn:MessageEventDefinition' && def.messageRef) setMessage(info, def.messageRef);
      if (def.$type === 'bpmn:ErrorEventDefinition' && def.errorRef) info.errorCode = def.errorRef.errorCode;
      if (def.$type === 'bpmn:TimerEventDefinition') {
        for (const kind of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
          if (def[kind]) info.timer = { kind, expression: def[kind].body };
        }
      }
    }
    if (el.$type === 'bpmn:SequenceFlow') {
      if (el.conditionExpression?.body) info.conditions = [el.conditionExpression.body];
    }
    if (el.default) info.defaultFlow = el.default.id;
    if (el.outgoing) info.outgoing = el.outgoing.map((f: Moddle) => f.id);
    if (el.incoming) info.incoming = el.incoming.map((f: Moddle) => f.id);
    out[el.id] = info;
    if (el.flowElements) collect(el, el.id, out);
  }
}

function setMessage(info: ElementInfo, message: Moddle): void {
  info.messageRef = message.id;
  info.messageName = message.name;
  const sub = extension(message, 'zeebe:Subscription');
  if (sub?.correlationKey) info.correlationKey = sub.correlationKey;
}

/** Parses BPMN XML with the Zeebe moddle extension; rejects files bpmn-moddle only warns about. */
export async function readModel(xml: string): Promise<{ models: ProcessModel[]; warnings: string[] }> {
  const moddle = new BpmnModdle(moddleOptions);
  const { rootElement, warnings } = await moddle.fromXML(xml);
  const duplicate = warnings.find((w: { message: string }) => /duplicate ID/i.test(w.message));
  if (duplicate) throw new Error(`BPMN 模型中有重复的元素 ID: ${duplicate.message}`);
  const messages: Record<string, string> = {};
  for (const root of rootElement.rootElements ?? []) {
    if (root.$type === 'bpmn:Message') messages[root.id] = root.name;
  }
  const models = (rootElement.rootElements ?? [])
    .filter((r: Moddle) => r.$type === 'bpmn:Process')
    .map((proc: Moddle) => {
      const elements: Record<string, ElementInfo> = {};
      collect(proc, undefined, elements);
      return { bpmnProcessId: proc.id, name: proc.name, elements, messages } satisfies ProcessModel;
    });
  return { models, warnings: warnings.map((w: { message: string }) => w.message) };
}
