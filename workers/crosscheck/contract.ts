/**
 * The JSON contract between the county cross-check workers and the five departments (SPEC §5.1,
 * seed 一(三)5: 上级工会…通过民政、住建、人社、公安、税务等部门进行复核). Described for the
 * departments in docs/department-connectors.md; these schemas are the same contract in code,
 * used for HTTP answers and for answers the county reviewer enters by hand from a reply letter.
 * Money is integer fen.
 */
import { z } from 'zod';

export const DEPARTMENTS = ['civil_affairs', 'housing', 'hrss', 'police', 'tax'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEPARTMENT_LABELS: Record<Department, string> = {
  civil_affairs: '民政',
  housing: '住建',
  hrss: '人社',
  police: '公安',
  tax: '税务',
};

/** The process variable a department's check completes with; one per department, since they run in parallel. */
export const crossCheckVariable = (department: Department) => `crossCheck_${department}` as const;

const idNumber = z
  .string({ error: '请填写身份证号' })
  .trim()
  .regex(/^\d{17}[\dXx]$/, '身份证号应为18位')
  .transform((s) => s.toUpperCase());
const fen = (label: string) =>
  z.number({ error: `${label}须为数字（单位：分）` }).int(`${label}须为整数（单位：分）`).min(0, `${label}不能为负数`).max(100_000_000_00, `${label}过大`);
const count = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(1000, `${label}过大`);

export const PersonRequestSchema = z.object({
  idNumber,
  name: z.string().min(1).max(50),
  /** 本人 for the applicant, else the relation declared on the file (配偶, 子, ...) */
  relation: z.string().min(1).max(20),
});

export const CrossCheckRequestSchema = z.object({
  /** stable across retries of one job: a department may use it to answer a repeat from its cache */
  requestId: z.string().min(1).max(100),
  caseNo: z.string().min(1).max(40),
  persons: z.array(PersonRequestSchema).min(1).max(21),
});
export type CrossCheckRequest = z.infer<typeof CrossCheckRequestSchema>;

const persons = <T extends z.ZodRawShape>(shape: T) =>
  z.object({
    persons: z
      .array(z.object({ idNumber, ...shape }), { error: '请填写每位家庭成员的核查结果（persons）' })
      .max(21, '人数过多')
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        (list as Array<{ idNumber: string }>).forEach((p, i) => {
          if (seen.has(p.idNumber)) ctx.addIssue({ code: 'custom', path: [i, 'idNumber'], message: '身份证号重复' });
          seen.add(p.idNumber);
        });
      }),
  });

/** Each department's answer: one entry per person asked about, no one else. */
export const FINDINGS_SCHEMAS = {
  civil_affairs: persons({
    isDibao: z.boolean({ error: '请选择是否为低保对象' }),
    dibaoSince: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '低保起始年月应为“年-月”格式，如 2027-12').optional(),
  }),
  housing: persons({
    homesOwned: count('名下住房套数'),
    /** 不动产权证号: when given, a home held jointly by two members counts once */
    certificates: z.array(z.string().trim().min(1).max(64)).max(1000).optional(),
  }),
  hrss: persons({
    insured: z.boolean({ error: '请选择是否参加社会保险' }),
    employer: z.string().trim().max(100, '就业单位不能超过100个字').optional(),
    monthlyWage: fen('月工资').optional(),
  }),
  police: persons({
    registered: z.boolean({ error: '请选择是否有户籍登记' }),
    householdId: z.string().trim().max(64).optional(),
    vehicles: count('名下机动车数量'),
  }),
  tax: persons({
    annualIncome: fen('年度申报收入'),
  }),
} as const;

export type Findings<D extends Department = Department> = z.infer<(typeof FINDINGS_SCHEMAS)[D]>;
export type AnyFindings = { [D in Department]: Findings<D> }[Department];

/**
 * What is wrong with an answer's person list against the persons asked about (Chinese, one line
 * each; empty when it covers exactly them). ID numbers are masked in the messages.
 */
export function coverageProblems(asked: ReadonlyArray<{ idNumber: string; name: string }>, findings: { persons: Array<{ idNumber: string }> }): string[] {
  const answered = new Set(findings.persons.map((p) => p.idNumber.toUpperCase()));
  const askedIds = new Set(asked.map((p) => p.idNumber.toUpperCase()));
  return [
    ...asked.filter((p) => !answered.has(p.idNumber.toUpperCase())).map((p) => `缺少${p.name}的核查结果`),
    ...[...answered].filter((id) => !askedIds.has(id)).map((id) => `包含未查询的人员（身份证号尾号${id.slice(-4)}）`),
  ];
}
