/**
 * What changed between two versions of a model, element by element (issue 6, the visual diff):
 * elements are matched by id; an element present in both is `changed` when any of its semantic
 * properties differs — name, type, references to other elements, condition and timer
 * expressions, and every Zeebe extension element (task type, candidate groups, due dates,
 * headers, form, properties). Layout (DI) is not a change. Pure: works on moddle trees, so the
 * same code runs on bpmn-js's definitions in the browser and on bpmn-moddle's in tests.
 */

type Moddle = { $type: string; $descriptor?: { propertiesByName?: Record<string, { isReference?: boolean; isMany?: boolean }> }; [key: string]: unknown };

export interface ElementChange {
  id: string;
  type: string;
  name: string | null;
  /** `path: before → after` for a changed element */
  details: Array<{ path: string; before: string | null; after: string | null }>;
}

export interface ModelDiff {
  added: ElementChange[];
  removed: ElementChange[];
  changed: ElementChange[];
}

/** Children that are elements of their own (compared on their own id), not properties. */
const CONTAINED = new Set(['flowElements', 'laneSets', 'artifacts', 'participants', 'messageFlows', 'lanes', 'rootElements', 'diagrams', 'incoming', 'outgoing', 'flowNodeRef', 'di', 'boundaryEventRefs']);

const isModdle = (v: unknown): v is Moddle => !!v && typeof v === 'object' && typeof (v as Moddle).$type === 'string';

/** Every element with an id, by id: processes, flow elements, lanes, participants, messages. */
export function elementsById(definitions: Moddle): Map<string, Moddle> {
  const out = new Map<string, Moddle>();
  const visit = (el: Moddle) => {
    if (typeof el.id === 'string' && !el.$type.startsWith('bpmndi:')) out.set(el.id, el);
    for (const key of ['rootElements', 'flowElements', 'laneSets', 'lanes', 'participants', 'messageFlows', 'artifacts']) {
      const children = el[key];
      if (Array.isArray(children)) children.filter(isModdle).forEach(visit);
    }
  };
  visit(definitions);
  return out;
}

/** The element's semantic properties flattened to `path → value` (references as the other element's id). */
export function flatten(el: Moddle): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: Moddle, prefix: string) => {
    const refs = node.$descriptor?.propertiesByName ?? {};
    const keys = Object.keys(node).filter((k) => !k.startsWith('$') && !CONTAINED.has(k)).sort();
    for (const key of keys) {
      const value = node[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (refs[key]?.isReference || (isModdle(value) && typeof value.id === 'string' && key.endsWith('Ref'))) {
        const ids = (Array.isArray(value) ? value : [value]).map((v) => (isModdle(v) ? String(v.id) : String(v)));
        out.set(path, ids.join(','));
      } else if (Array.isArray(value)) {
        // list items by what they are (`<zeebe:TaskSchedule>`, `<zeebe:Header step>`), not by position:
        // removing one extension element must not show every later one as changed
        const labels = value.map((item, i) => (isModdle(item) ? labelOf(item) : `[${i}]`));
        value.forEach((item, i) => {
          const label = labels.indexOf(labels[i]) === labels.lastIndexOf(labels[i]) ? labels[i] : `${labels[i]}[${i}]`;
          if (isModdle(item)) walk(item, `${path}${label}`);
          else out.set(`${path}${label}`, String(item));
        });
      } else if (isModdle(value)) {
        walk(value, `${path}${labelOf(value)}`);
      } else if (value !== undefined && value !== null) {
        out.set(path, String(value));
      }
    }
    const attrs = (node as { $attrs?: Record<string, unknown> }).$attrs;
    for (const [k, v] of Object.entries(attrs ?? {})) if (!k.startsWith('xmlns')) out.set(`${prefix ? `${prefix}.` : ''}@${k}`, String(v));
  };
  walk(el, '');
  return out;
}

/** `<zeebe:TaskSchedule>`, `<zeebe:Property output>` in a path: which extension element a property belongs to. */
const labelOf = (el: Moddle) => {
  const key = [el.id, el.name, el.key, el.target].find((v) => typeof v === 'string');
  return `<${el.$type}${key ? ` ${key}` : ''}>`;
};

const summary = (el: Moddle): ElementChange => ({ id: String(el.id), type: el.$type, name: typeof el.name === 'string' ? el.name : null, details: [] });

export function diffModels(before: Moddle, after: Moddle): ModelDiff {
  const a = elementsById(before);
  const b = elementsById(after);
  const diff: ModelDiff = { added: [], removed: [], changed: [] };
  for (const [id, el] of a) if (!b.has(id)) diff.removed.push(summary(el));
  for (const [id, el] of b) {
    const old = a.get(id);
    if (!old) {
      diff.added.push(summary(el));
      continue;
    }
    const fa = flatten(old);
    const fb = flatten(el);
    const details = [...new Set([...fa.keys(), ...fb.keys()])]
      .filter((k) => fa.get(k) !== fb.get(k))
      .sort()
      .map((path) => ({ path, before: fa.get(path) ?? null, after: fb.get(path) ?? null }));
    if (old.$type !== el.$type) details.unshift({ path: '$type', before: old.$type, after: el.$type });
    if (details.length) diff.changed.push({ ...summary(el), details });
  }
  return diff;
}
