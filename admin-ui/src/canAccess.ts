/**
 * Who may open which screen (SPEC §1). One place for the UI's permission rules: the
 * authProvider answers react-admin with it and the menu and dashboard ask it too. The API
 * enforces the same rules and the org scope; this only keeps screens a role cannot use out of view.
 */
export const ROLE_IDS = [
  'grassroots_staff',
  'grassroots_chair',
  'helper',
  'county_reviewer',
  'city_reviewer',
  'upper_reviewer',
  'process_admin',
  'supervisor',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** A role held at one union organisation; task candidate groups are such pairs. */
export type RoleGrant = { role: RoleId; orgId: string; orgName: string };

export type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | string;

/** resource → action → roles allowed; `'*'` = every signed-in role. */
const RULES: Record<string, Partial<Record<Action, readonly RoleId[] | '*'>>> = {
  tasks: { list: '*', show: '*' },
  // A returned file is corrected by its grassroots staff before resubmission (退回重报).
  files: { list: '*', show: '*', edit: ['grassroots_staff'] },
  // 基层工会保障工作人员 receive applications (seed 一(三), SPEC §1).
  applications: { create: ['grassroots_staff'] },
  // 公示 objections are recorded by the grassroots union (api/publicity/publicity.ts).
  objections: { create: ['grassroots_staff', 'grassroots_chair'] },
  // 走访登记: the file's helpers and its union's staff (api/help/help.ts recordVisit).
  visits: { create: ['helper', 'grassroots_staff'] },
  // 收入记录 entries are the grassroots staff's (api/help/help.ts recordIncome).
  income: { create: ['grassroots_staff'] },
  // 解困脱困花名册: signed by the chair, confirmed by the county (api/help/help.ts rosterAction).
  rosters: { list: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'] },
  // 返困预警 is for the supervisors and the unions that follow households up.
  'relapse-watch': { list: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'supervisor'] },
  // 帮扶资金 (api/funds/access.ts): accounts are opened, topped up and allocated by the city's and
  // counties' reviewers; requests come from the file's grassroots staff or the county; the chair
  // or the county approves; the union holding the account pays and batches for the bank.
  funds: { list: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'] },
  'fund-accounts': { edit: ['county_reviewer', 'city_reviewer'] },
  disbursements: { create: ['grassroots_staff', 'county_reviewer'], approve: ['grassroots_chair', 'county_reviewer'], pay: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer'] },
  'fund-usage': { list: ['supervisor', 'city_reviewer', 'county_reviewer'] },
  // 导入档案 into the caller's own grassroots union (api/import/import.ts importGrant).
  import: { list: ['grassroots_staff'] },
  // 专项工作 (api/campaigns): the city's reviewers start the clean-up and the dibao lists, the
  // supervisors the spot checks; the unions concerned see them.
  campaigns: { list: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'], start: ['city_reviewer'] },
  'spot-checks': { start: ['supervisor'] },
  // 档案注销、转移 are requested by the file's grassroots staff (api/life-events).
  'file-events': { create: ['grassroots_staff'] },
  // 年度工作 (api/year): every union reports upward and keeps its record book; the city asks for
  // the plans and confirms the assessment, the supervisors follow the timeline.
  'year-work': { list: ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'] },
  // 分类帮扶项目 (api/projects): published by city and county unions, households enrolled by
  // their grassroots staff; every union sees the projects above it.
  projects: {
    list: ['grassroots_staff', 'grassroots_chair', 'helper', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'],
    show: ['grassroots_staff', 'grassroots_chair', 'helper', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'supervisor'],
    create: ['county_reviewer', 'city_reviewer'],
  },
  enrolments: { create: ['grassroots_staff'] },
  // 督查驾驶舱 (api/cockpit): the supervisors' alone, over the unions where they hold the role.
  cockpit: { list: ['supervisor'] },
  // 规则参数 are the process admin's (SPEC §1); everyone may read them.
  rules: { list: '*', edit: ['process_admin'] },
  // 流程定义 (api/processes/definitions.ts): process admins edit and deploy; supervisors read.
  'process-definitions': { list: ['process_admin', 'supervisor'], edit: ['process_admin'] },
  // The city's 保障部 and the process admin switch departments between endpoint and letter.
  'department-connectors': { list: ['county_reviewer', 'city_reviewer', 'process_admin', 'supervisor'], edit: ['city_reviewer', 'process_admin'] },
};

export function canAccess(grants: readonly RoleGrant[], resource: string, action: Action): boolean {
  const allowed = RULES[resource]?.[action];
  if (allowed === undefined || grants.length === 0) return false;
  return allowed === '*' || grants.some((g) => allowed.includes(g.role));
}
