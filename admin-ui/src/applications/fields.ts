/**
 * The fields of attachment 1 (家庭档案表) and attachment 2 (申报表), grouped as on paper. One
 * description drives the application form and the read-only file page (and later the printable
 * forms), so a field added to `ApplicationSchema` is added here once. Labels are
 * `resources.applications.fields.<source>.<name>`; option labels are `app.enums.<options>.<id>`.
 */
import type { z } from 'zod';
import {
  ApplicantSchema,
  ApplicationSchema,
  AssetsSchema,
  BankSchema,
  EMERGENCY_KINDS,
  ExpensesSchema,
  FamilyMemberSchema,
  HARDSHIP_CAUSES,
  HardshipSchema,
  HEALTH_STATUSES,
  HOUSING_TYPES,
  HUKOU_TYPES,
  IncomeSchema,
  MARITAL_STATUSES,
  MEDICAL_INSURANCE,
  MEMBER_IDENTITIES,
  MODEL_WORKER_TYPES,
  POLITICAL_STATUSES,
  SPECIAL_CAUSES,
  WORK_STATUSES,
} from '../../../api/applications/application.schema';
import { isRequiredField } from '../common/zodValidation';

export const ENUMS = {
  hardshipCause: HARDSHIP_CAUSES,
  healthStatus: HEALTH_STATUSES,
  workStatus: WORK_STATUSES,
  housingType: HOUSING_TYPES,
  maritalStatus: MARITAL_STATUSES,
  medicalInsurance: MEDICAL_INSURANCE,
  modelWorkerType: MODEL_WORKER_TYPES,
  hukouType: HUKOU_TYPES,
  politicalStatus: POLITICAL_STATUSES,
  memberIdentity: MEMBER_IDENTITIES,
  specialCause: SPECIAL_CAUSES,
  emergencyKind: EMERGENCY_KINDS,
} as const;
export type EnumName = keyof typeof ENUMS;

export type FieldKind =
  | 'text'
  | 'longText'
  | 'choice'
  | 'radio'
  | 'choices'
  | 'money'
  | 'integer'
  | 'flag'
  | 'residentId'
  | 'month'
  | 'code';

/** Shown only while other fields of the same group (by name) pass `test`. */
export type Condition = { fields: string[]; test: (...values: unknown[]) => boolean };

export type FieldSpec = {
  /** Path inside the group's object: `name`, `emergency.kind`. */
  name: string;
  kind: FieldKind;
  options?: EnumName;
  when?: Condition;
  /** Needs a whole row (long text, check lists). */
  wide?: boolean;
};

export type FieldGroup = {
  /** Object path in the application (`income`); `members` for a family member's fields; '' for top-level fields. */
  source: string;
  schema: z.ZodObject;
  /** `app.application.groups.*` heading, when a section holds several groups. */
  title?: string;
  fields: FieldSpec[];
};

export const SECTION_IDS = ['applicant', 'members', 'income', 'assets', 'hardship', 'bank'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

const notHealthy: Condition = { fields: ['healthStatus'], test: (h) => h != null && h !== 'healthy' };
const hasEmergency: Condition = { fields: ['emergency.kind'], test: (kind) => kind != null && kind !== '' };

export const APPLICANT: FieldGroup = {
  source: 'applicant',
  schema: ApplicantSchema,
  fields: [
    { name: 'name', kind: 'text' },
    { name: 'idNumber', kind: 'residentId' },
    { name: 'ethnicity', kind: 'text' },
    { name: 'politicalStatus', kind: 'choice', options: 'politicalStatus' },
    { name: 'maritalStatus', kind: 'choice', options: 'maritalStatus' },
    { name: 'hukouType', kind: 'choice', options: 'hukouType' },
    { name: 'hukouRegion', kind: 'code' },
    { name: 'healthStatus', kind: 'choice', options: 'healthStatus' },
    { name: 'diseaseOrDisability', kind: 'text', when: notHealthy },
    { name: 'medicalInsurance', kind: 'choice', options: 'medicalInsurance' },
    { name: 'modelWorkerType', kind: 'choice', options: 'modelWorkerType' },
    { name: 'employer', kind: 'text' },
    { name: 'employerNature', kind: 'text' },
    { name: 'enterpriseStatus', kind: 'text' },
    { name: 'industry', kind: 'text' },
    { name: 'workStatus', kind: 'choice', options: 'workStatus' },
    { name: 'workStartDate', kind: 'month' },
    { name: 'monthlyIncome', kind: 'money' },
    { name: 'housingType', kind: 'choice', options: 'housingType' },
    { name: 'floorArea', kind: 'integer' },
    { name: 'phone', kind: 'code' },
    { name: 'otherContact', kind: 'text' },
    { name: 'postcode', kind: 'code' },
    { name: 'address', kind: 'longText', wide: true },
    { name: 'isUnionMember', kind: 'flag' },
    { name: 'isMigrantWorker', kind: 'flag' },
    { name: 'workRegion', kind: 'code', when: { fields: ['isMigrantWorker'], test: (m) => m === true } },
    { name: 'singleParent', kind: 'flag' },
    { name: 'zeroEmploymentFamily', kind: 'flag' },
    { name: 'selfHelpAbility', kind: 'flag' },
  ],
};

export const MEMBER: FieldGroup = {
  source: 'members',
  schema: FamilyMemberSchema,
  fields: [
    { name: 'name', kind: 'text' },
    { name: 'relation', kind: 'text' },
    { name: 'idNumber', kind: 'residentId' },
    { name: 'identity', kind: 'choice', options: 'memberIdentity' },
    { name: 'ethnicity', kind: 'text' },
    { name: 'politicalStatus', kind: 'choice', options: 'politicalStatus' },
    { name: 'maritalStatus', kind: 'choice', options: 'maritalStatus' },
    { name: 'hukouType', kind: 'choice', options: 'hukouType' },
    { name: 'healthStatus', kind: 'choice', options: 'healthStatus' },
    { name: 'diseaseOrDisability', kind: 'text', when: notHealthy },
    { name: 'medicalInsurance', kind: 'choice', options: 'medicalInsurance' },
    { name: 'modelWorkerType', kind: 'choice', options: 'modelWorkerType' },
    { name: 'monthlyIncome', kind: 'money' },
    { name: 'schoolOrEmployer', kind: 'text' },
    { name: 'education', kind: 'text' },
    { name: 'phone', kind: 'code' },
    { name: 'remarks', kind: 'text' },
  ],
};

export const ANNUAL_INCOME: FieldGroup = {
  source: 'income',
  schema: IncomeSchema,
  title: 'annual_income',
  fields: [
    { name: 'annualWages', kind: 'money' },
    { name: 'annualBusiness', kind: 'money' },
    { name: 'annualProperty', kind: 'money' },
    { name: 'annualTransfer', kind: 'money' },
    { name: 'annualIncomeTax', kind: 'money' },
    { name: 'annualSocialInsurance', kind: 'money' },
    { name: 'sixMonthIncome', kind: 'money' },
  ],
};

export const DIBAO: FieldGroup = {
  source: 'income',
  schema: IncomeSchema,
  title: 'dibao',
  fields: [
    { name: 'monthsBelowDibao', kind: 'integer' },
    { name: 'receivesGovernmentAid', kind: 'flag' },
    { name: 'isDibaoHousehold', kind: 'flag' },
    { name: 'specialCause', kind: 'choice', options: 'specialCause' },
    { name: 'annualNecessaryExpenses', kind: 'money' },
  ],
};

export const EMERGENCY: FieldGroup = {
  source: 'income',
  schema: IncomeSchema,
  title: 'emergency',
  fields: [
    { name: 'emergency.kind', kind: 'choice', options: 'emergencyKind' },
    { name: 'emergency.expenses', kind: 'money', when: hasEmergency },
    { name: 'emergency.compensationReceived', kind: 'flag', when: hasEmergency },
  ],
};

export const EXPENSES: FieldGroup = {
  source: 'expenses',
  schema: ExpensesSchema,
  title: 'expenses',
  fields: [
    { name: 'living', kind: 'money' },
    { name: 'medical', kind: 'money' },
    { name: 'schooling', kind: 'money' },
    { name: 'housingOrCar', kind: 'money' },
    { name: 'other', kind: 'money' },
    { name: 'otherName', kind: 'text', when: { fields: ['other'], test: (v) => typeof v === 'number' && v > 0 } },
  ],
};

export const ASSETS: FieldGroup = {
  source: 'assets',
  schema: AssetsSchema,
  fields: [
    { name: 'homesOwned', kind: 'integer' },
    { name: 'shopArea', kind: 'integer' },
    { name: 'ownsShopOrEmploys', kind: 'flag', wide: true },
    { name: 'usesVehicleOrMachinery', kind: 'flag', wide: true },
    { name: 'childPrivateSchoolOrAbroad', kind: 'flag', wide: true },
    { name: 'otherAssets', kind: 'longText', wide: true },
  ],
};

const includesOther: Condition = {
  fields: ['mainCause', 'secondaryCauses'],
  test: (main, secondary) => main === 'other' || (Array.isArray(secondary) && secondary.includes('other')),
};

export const HARDSHIP: FieldGroup = {
  source: 'hardship',
  schema: HardshipSchema,
  fields: [
    { name: 'mainCause', kind: 'radio', options: 'hardshipCause', wide: true },
    { name: 'secondaryCauses', kind: 'choices', options: 'hardshipCause', wide: true },
    { name: 'otherDescription', kind: 'longText', wide: true, when: includesOther },
  ],
};

export const BANK: FieldGroup = {
  source: 'bank',
  schema: BankSchema,
  fields: [
    { name: 'bankName', kind: 'text' },
    { name: 'branch', kind: 'text' },
    { name: 'cardNumber', kind: 'code' },
  ],
};

export const REMARKS: FieldGroup = {
  source: '',
  schema: ApplicationSchema,
  fields: [{ name: 'remarks', kind: 'longText', wide: true }],
};

/** The paper forms' sections, in their order; 家庭成员 is the `members` list. */
export const SECTIONS: Record<SectionId, FieldGroup[]> = {
  applicant: [APPLICANT],
  members: [MEMBER],
  income: [ANNUAL_INCOME, DIBAO, EMERGENCY, EXPENSES],
  assets: [ASSETS],
  hardship: [HARDSHIP],
  bank: [BANK, REMARKS],
};

/** Path of the group's object in the form; '' where fields are top-level or relative to a member. */
export const prefixOf = (group: FieldGroup) => (group.source && group.source !== 'members' ? `${group.source}.` : '');

export const labelOf = (group: FieldGroup, field: FieldSpec) =>
  `resources.applications.fields.${group.source ? `${group.source}.` : ''}${field.name}`;

export const choicesOf = (options: EnumName) =>
  ENUMS[options].map((id) => ({ id, name: `app.enums.${options}.${id}` }));

/** The zod schema of one field, through nested objects and optional/nullable/default wrappers. */
function schemaAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let node: unknown = schema;
  for (const key of path.split('.')) {
    while (node && typeof node === 'object' && !('shape' in node) && 'unwrap' in node) {
      node = (node as { unwrap(): unknown }).unwrap();
    }
    node = (node as { shape?: Record<string, unknown> } | undefined)?.shape?.[key];
  }
  return node as z.ZodType | undefined;
}

/**
 * Required when the schema refuses a missing value for the field and for every object around
 * it: `emergency.kind` is required only once there is an emergency (`emergency` is nullable).
 */
export function isRequired(group: FieldGroup, field: FieldSpec): boolean {
  const keys = field.name.split('.');
  return keys.every((_, i) => isRequiredField(schemaAt(group.schema, keys.slice(0, i + 1).join('.'))));
}

/** The schema's `.default()` (民族 汉族, 工会会员 yes, amounts 0…) as the input's initial value. */
export function defaultOf(group: FieldGroup, field: FieldSpec): unknown {
  const parsed = schemaAt(group.schema, field.name)?.safeParse(undefined);
  return parsed?.success ? (parsed.data ?? undefined) : undefined;
}

/** Reads a dotted path (`emergency.kind`) of a plain object. */
export function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Writes a dotted path of a plain object, creating the objects on the way. */
export function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  node[last] = value;
}

/** Whether a conditional field applies, given the group's object (a member, `income`…). */
export function isShown(field: FieldSpec, groupValues: unknown): boolean {
  return !field.when || field.when.test(...field.when.fields.map((name) => valueAt(groupValues, name)));
}
