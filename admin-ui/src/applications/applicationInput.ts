import { ApplicationSchema } from '../../../api/applications/application.schema';
import { withoutBlanks, zodFormValidator } from '../common/zodValidation';
import { defaultOf, isShown, prefixOf, SECTIONS, setAt, valueAt, type FieldGroup } from './fields';

type Obj = Record<string, unknown>;

function deleteAt(root: Obj, path: string) {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const owner = keys.length > 0 ? valueAt(root, keys.join('.')) : root;
  if (owner !== null && typeof owner === 'object') delete (owner as Obj)[last];
}

/** Hidden conditional fields keep what was typed before they were hidden; that is not part of the answer. */
function dropHidden(groupValues: Obj, group: FieldGroup) {
  for (const field of group.fields) if (!isShown(field, groupValues)) deleteAt(groupValues, field.name);
}

/**
 * The form's values as the body of `POST /api/applications`: blanks removed, hidden fields
 * dropped, “no emergency” as null, and every section present so that a tab never opened still
 * reports its missing fields one by one.
 */
export function toApplicationInput(values: Obj): Obj {
  const data = { applicant: {}, income: {}, assets: {}, hardship: {}, ...(withoutBlanks(values) as Obj) } as Obj;
  for (const groups of Object.values(SECTIONS)) {
    for (const group of groups) {
      if (group.source === 'members') {
        for (const member of (data.members as Obj[] | undefined) ?? []) dropHidden(member, group);
      } else if (!group.source) {
        dropHidden(data, group);
      } else if (data[group.source]) {
        dropHidden(data[group.source] as Obj, group);
      }
    }
  }
  const income = data.income as Obj;
  if (valueAt(income, 'emergency.kind') === undefined) delete income.emergency;
  return data;
}

/** `income.annualWages`, `members.monthlyIncome`…: every money field, list indexes left out. */
const MONEY_FIELDS = new Set(
  Object.values(SECTIONS)
    .flat()
    .flatMap((group) => group.fields.filter((f) => f.kind === 'money').map((f) => `${group.source}.${f.name}`)),
);

export const validateApplication = zodFormValidator(ApplicationSchema, {
  prepare: toApplicationInput,
  // The schema's message for a missing amount speaks of fen; the user types yuan.
  missingMessage: (path) =>
    MONEY_FIELDS.has(path.filter((k) => typeof k === 'string').join('.')) ? 'app.application.money_required' : undefined,
});

/** A blank application with the schema's defaults (民族 汉族, 工会会员, amounts 0…) filled in. */
export function blankApplication(): Obj {
  const values: Obj = { members: [] };
  for (const groups of Object.values(SECTIONS)) {
    for (const group of groups) {
      if (group.source === 'members') continue;
      for (const field of group.fields) {
        const value = defaultOf(group, field);
        if (value !== undefined) setAt(values, prefixOf(group) + field.name, value);
      }
    }
  }
  return values;
}
