/**
 * Pure comparison of a department's findings with what the household declared (attachments 1
 * and 2). Each department gives rows of declared vs found values, side by side for the reviewer;
 * a row whose finding contradicts the declaration carries the reason, and those rows are the
 * contradictions that flag the case (SPEC §5.1, seed 一(三)4 and 5). No I/O. Money is fen.
 */
import type { Application } from '../../api/applications/application.schema';
import { formatYuan } from '../eligibility/money';
import type { Department, Findings } from './contract';

export type Value = string | number | boolean | null;

export interface Contradiction {
  /** the declaration's field, as in the application form (`assets.homesOwned`, `members.0.monthlyIncome`) */
  field: string;
  declared: Value;
  found: Value;
  message: string;
}

export interface ComparisonRow {
  field: string;
  label: string;
  declared: Value;
  found: Value;
  /** why the finding contradicts the declaration, or null */
  contradiction: string | null;
}

/**
 * Income found above income declared is tolerated up to 10 % of the declared figure and at
 * least ¥1,200 a year / ¥100 a month: departments see gross figures at other dates, and a
 * rounding on the paper form is not an untrue report.
 */
export const INCOME_TOLERANCE = { percent: 10, minAnnual: 120_000, minMonthly: 10_000 } as const;

const allowance = (declared: number, min: number) => Math.max(Math.floor((declared * INCOME_TOLERANCE.percent) / 100), min);

interface DeclaredPerson {
  /** `applicant` or `members.<i>` */
  field: string;
  idNumber: string;
  name: string;
  relation: string;
  monthlyIncome: number;
  /** declared as out of work: applicant `workStatus` unemployed, member `identity` unemployed */
  outOfWork: boolean;
  employmentField: string;
  employment: string;
}

/** The applicant (本人) and the registered members, in form order. */
export function declaredPersons(app: Application): DeclaredPerson[] {
  return [
    {
      field: 'applicant',
      idNumber: app.applicant.idNumber.toUpperCase(),
      name: app.applicant.name,
      relation: '本人',
      monthlyIncome: app.applicant.monthlyIncome,
      outOfWork: app.applicant.workStatus === 'unemployed',
      employmentField: 'applicant.workStatus',
      employment: app.applicant.workStatus,
    },
    ...app.members.map((m, i) => ({
      field: `members.${i}`,
      idNumber: m.idNumber.toUpperCase(),
      name: m.name,
      relation: m.relation,
      monthlyIncome: m.monthlyIncome,
      outOfWork: m.identity === 'unemployed',
      employmentField: `members.${i}.identity`,
      employment: m.identity,
    })),
  ];
}

const who = (p: DeclaredPerson) => `${p.name}（${p.relation}）`;

function byId<P extends { idNumber: string }>(findings: { persons: P[] }): Map<string, P> {
  return new Map(findings.persons.map((p) => [p.idNumber.toUpperCase(), p]));
}

function namesOf(app: Application, ids: string[]): string {
  const people = new Map(declaredPersons(app).map((p) => [p.idNumber, p.name]));
  return ids.map((id) => people.get(id.toUpperCase()) ?? `尾号${id.slice(-4)}的人员`).join('、');
}

function civilAffairs(app: Application, f: Findings<'civil_affairs'>): ComparisonRow[] {
  const dibao = f.persons.filter((p) => p.isDibao);
  const declared = app.income.isDibaoHousehold;
  const found = dibao.length > 0;
  const since = dibao.map((p) => p.dibaoSince).filter(Boolean).sort()[0];
  let contradiction: string | null = null;
  if (found && !declared) contradiction = `民政部门核查：${namesOf(app, dibao.map((p) => p.idNumber))}为低保对象${since ? `（自${since}起）` : ''}，申报为非低保户`;
  // seed 一(三)3: a dibao household is the one the hukou government recognises.
  if (!found && declared) contradiction = '申报为低保户，民政部门核查无低保记录';
  return [{ field: 'income.isDibaoHousehold', label: '低保户', declared, found, contradiction }];
}

/** Homes of the household: distinct certificates when every owner lists them (a joint home counts once), else the sum. */
export function householdHomes(f: Findings<'housing'>): number {
  const owners = f.persons.filter((p) => p.homesOwned > 0);
  if (owners.every((p) => p.certificates && p.certificates.length === p.homesOwned)) {
    return new Set(owners.flatMap((p) => p.certificates ?? [])).size;
  }
  return f.persons.reduce((sum, p) => sum + p.homesOwned, 0);
}

function housing(app: Application, f: Findings<'housing'>): ComparisonRow[] {
  const declared = app.assets.homesOwned;
  const found = householdHomes(f);
  let contradiction: string | null = null;
  if (found > declared) {
    contradiction = `住建部门核查：家庭名下住房${found}套，申报${declared}套`;
    // seed 一(三)4: 拥有2套（含）以上住宅的不予建档
    if (found >= 2 && declared < 2) contradiction += '；拥有2套（含）以上住宅的不予建档';
  }
  return [{ field: 'assets.homesOwned', label: '自有产权住房（套）', declared, found, contradiction }];
}

function hrss(app: Application, f: Findings<'hrss'>): ComparisonRow[] {
  const found = byId(f);
  const rows: ComparisonRow[] = [];
  for (const p of declaredPersons(app)) {
    const answer = found.get(p.idNumber);
    const wage = answer?.monthlyWage ?? null;
    rows.push({
      field: `${p.field}.monthlyIncome`,
      label: `${who(p)}月收入`,
      declared: p.monthlyIncome,
      found: wage,
      contradiction:
        wage !== null && wage > p.monthlyIncome + allowance(p.monthlyIncome, INCOME_TOLERANCE.minMonthly)
          ? `人社部门核查：${who(p)}月工资${formatYuan(wage)}，申报月收入${formatYuan(p.monthlyIncome)}`
          : null,
    });
    const employer = answer?.employer || null;
    rows.push({
      field: p.employmentField,
      label: `${who(p)}就业单位`,
      declared: p.employment,
      found: employer,
      contradiction: employer && p.outOfWork ? `人社部门核查：${who(p)}在${employer}就业，申报为失业` : null,
    });
  }
  const causes = [app.hardship.mainCause, ...app.hardship.secondaryCauses];
  if (causes.includes('no_social_insurance')) {
    const applicant = declaredPersons(app)[0];
    const insured = found.get(applicant.idNumber)?.insured ?? null;
    rows.push({
      field: app.hardship.mainCause === 'no_social_insurance' ? 'hardship.mainCause' : 'hardship.secondaryCauses',
      label: `${who(applicant)}参加社会保险`,
      declared: false,
      found: insured,
      contradiction: insured ? `人社部门核查：${who(applicant)}已参加社会保险，申报致困原因为“未参加社会保险”` : null,
    });
  }
  return rows;
}

function police(app: Application, f: Findings<'police'>): ComparisonRow[] {
  const found = byId(f);
  const rows: ComparisonRow[] = declaredPersons(app).map((p) => {
    const registered = found.get(p.idNumber)?.registered ?? null;
    return {
      field: p.field,
      label: `${who(p)}户籍登记`,
      declared: true,
      found: registered,
      // seed 一(三)2: household size counts registered members living together.
      contradiction: registered === false ? `公安部门核查：无${who(p)}的户籍登记` : null,
    };
  });
  const vehicles = f.persons.reduce((sum, p) => sum + p.vehicles, 0);
  const declared = app.assets.usesVehicleOrMachinery;
  rows.push({
    field: 'assets.usesVehicleOrMachinery',
    label: '机动车辆',
    declared,
    found: vehicles,
    // seed 一(三)4: 非受雇佣经常使用机动车辆…不予建档; a registered vehicle needs explaining.
    contradiction: vehicles > 0 && !declared ? `公安部门核查：家庭名下机动车${vehicles}辆，申报未使用机动车辆` : null,
  });
  return rows;
}

function tax(app: Application, f: Findings<'tax'>): ComparisonRow[] {
  const declared = app.income.annualWages + app.income.annualBusiness;
  const found = f.persons.reduce((sum, p) => sum + p.annualIncome, 0);
  return [
    {
      field: 'income.annualWages',
      label: '家庭年工薪与经营净收入',
      declared,
      found,
      contradiction:
        found > declared + allowance(declared, INCOME_TOLERANCE.minAnnual)
          ? `税务部门核查：家庭年度申报收入${formatYuan(found)}，高于申报的工薪与经营净收入${formatYuan(declared)}`
          : null,
    },
  ];
}

/** Declared vs found, row by row, for one department's findings. */
export function compareSideBySide<D extends Department>(department: D, declared: Application, findings: Findings<D>): ComparisonRow[] {
  switch (department) {
    case 'civil_affairs':
      return civilAffairs(declared, findings as Findings<'civil_affairs'>);
    case 'housing':
      return housing(declared, findings as Findings<'housing'>);
    case 'hrss':
      return hrss(declared, findings as Findings<'hrss'>);
    case 'police':
      return police(declared, findings as Findings<'police'>);
    case 'tax':
      return tax(declared, findings as Findings<'tax'>);
    default:
      throw new Error(`unknown department ${String(department)}`);
  }
}

/** The findings that contradict the declaration, each with a zh-CN message naming the department. */
export function compareFindings<D extends Department>(department: D, declared: Application, findings: Findings<D>): Contradiction[] {
  return compareSideBySide(department, declared, findings)
    .filter((r) => r.contradiction !== null)
    .map((r) => ({ field: r.field, declared: r.declared, found: r.found, message: r.contradiction! }));
}
