/**
 * The demo Luzhou organisation (泸工发〔2018〕10号 is addressed to these unions), one demo user
 * for every role of SPEC §1, and dibao standards as dated rows per region. Idempotent: run at
 * every start, it only adds what is missing.
 */
import type { PrismaClient } from './generated/client';
import { hashPassword } from '../api/auth/passwords';

interface OrgSeed {
  id: string;
  name: string;
  kind: string;
  region: string;
  children?: OrgSeed[];
}

const grassroots = (county: string, region: string, names: string[]): OrgSeed[] =>
  names.map((name, i) => ({ id: `${county}-${String(i + 1).padStart(2, '0')}`, name, kind: 'grassroots', region }));

export const ORG_TREE: OrgSeed = {
  id: '100000',
  name: '中华全国总工会',
  kind: 'national',
  region: '100000',
  children: [
    {
      id: '510000',
      name: '四川省总工会',
      kind: 'provincial',
      region: '510000',
      children: [
        {
          id: '510500',
          name: '泸州市总工会',
          kind: 'city',
          region: '510500',
          children: [
            { id: '510502', name: '江阳区总工会', kind: 'county', region: '510502', children: grassroots('510502', '510502', ['江阳区北城街道工会', '江阳区环卫服务中心工会']) },
            { id: '510503', name: '纳溪区总工会', kind: 'county', region: '510503', children: grassroots('510503', '510503', ['纳溪区安富街道工会', '纳溪区化工园区联合工会']) },
            { id: '510504', name: '龙马潭区总工会', kind: 'county', region: '510504', children: grassroots('510504', '510504', ['龙马潭区红星街道工会', '龙马潭区机械制造企业工会']) },
            { id: '510521', name: '泸县总工会', kind: 'county', region: '510521', children: grassroots('510521', '510521', ['泸县福集镇工会', '泸县建材企业联合工会']) },
            { id: '510522', name: '合江县总工会', kind: 'county', region: '510522', children: grassroots('510522', '510522', ['合江县合江镇工会', '合江县农产品加工企业工会']) },
            { id: '510524', name: '叙永县总工会', kind: 'county', region: '510524', children: grassroots('510524', '510524', ['叙永县叙永镇工会', '叙永县煤炭企业工会']) },
            { id: '510525', name: '古蔺县总工会', kind: 'county', region: '510525', children: grassroots('510525', '510525', ['古蔺县古蔺镇工会', '古蔺县酿酒企业联合工会']) },
            { id: '510500-ZS', name: '泸州市市直属工会', kind: 'direct', region: '510500', children: grassroots('510500-ZS', '510500', ['泸州市第一人民医院工会', '泸州市公共交通公司工会']) },
            { id: '510500-XT', name: '泸州市系统（园区）工委', kind: 'system', region: '510500', children: grassroots('510500-XT', '510500', ['泸州高新区企业联合工会', '泸州市教育系统工会']) },
          ],
        },
      ],
    },
  ],
};

/** Every demo user shares this password (printed in the README); it meets the password rule. */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_USERS: Array<{ username: string; displayName: string; role: string; orgId: string; title: string }> = [
  { username: 'staff', displayName: '李保障', role: 'grassroots_staff', orgId: '510502-01', title: '基层工会保障干事' },
  { username: 'chair', displayName: '王主席', role: 'grassroots_chair', orgId: '510502-01', title: '基层工会主席' },
  { username: 'helper', displayName: '赵帮扶', role: 'helper', orgId: '510502-01', title: '帮扶责任人' },
  { username: 'helper2', displayName: '孙结对', role: 'helper', orgId: '510502', title: '江阳区总工会干部（第二帮扶责任人）' },
  { username: 'county', displayName: '陈复核', role: 'county_reviewer', orgId: '510502', title: '江阳区总工会保障部' },
  { username: 'city', displayName: '周市总', role: 'city_reviewer', orgId: '510500', title: '泸州市总工会保障部' },
  { username: 'province', displayName: '吴省总', role: 'upper_reviewer', orgId: '510000', title: '四川省总工会保障部' },
  { username: 'national', displayName: '郑全总', role: 'upper_reviewer', orgId: '100000', title: '全国总工会保障部' },
  { username: 'admin', displayName: '孙流程', role: 'process_admin', orgId: '510500', title: '流程管理员' },
  { username: 'supervisor', displayName: '钱督查', role: 'supervisor', orgId: '510500', title: '督查组' },
  // Colleagues elsewhere, so scoping can be seen: another grassroots union and another county.
  { username: 'staff2', displayName: '刘干事', role: 'grassroots_staff', orgId: '510502-02', title: '基层工会保障干事' },
  { username: 'staff_nx', displayName: '何干事', role: 'grassroots_staff', orgId: '510503-01', title: '基层工会保障干事' },
  { username: 'county_nx', displayName: '冯复核', role: 'county_reviewer', orgId: '510503', title: '纳溪区总工会保障部' },
  // The street union of 纳溪区 that receives files transferred to it (seed 二(一)1: 失业保险期间由街道（社区）工会负责).
  { username: 'chair_nx', displayName: '褚主席', role: 'grassroots_chair', orgId: '510503-01', title: '基层工会主席' },
  { username: 'helper_nx', displayName: '卫帮扶', role: 'helper', orgId: '510503-01', title: '帮扶责任人' },
];

/**
 * The seed's own 2018 projects (二(一)3), published by the city as demo projects. Money in fen:
 * “争取省总培训资金30万元以上，对300名以上困难职工（农民工）开展就业再就业技能培训”, “争取省上培训资金
 * 不低于10万元，用于供给侧改革企业职工转岗培训”, “向省总争取资金不低于10万，帮扶困难职工创业”.
 * They run 1 May – 30 October (seed 二: 分类施策 2018年5月1日－10月30日) of the current year, or of the
 * next one once that window has passed, so enrolment is open in the demo.
 */
export const DEMO_PROJECTS = [
  {
    name: '困难职工（农民工）就业再就业技能培训',
    category: 'employment',
    fundLevel: 'provincial',
    budget: 30_000_000,
    targetCount: 300,
    targetKind: 'trainees',
    eligibilityNotes: '有劳动能力的困难职工（农民工）。市总工会培训基地按照省总技能培训管理规范开展就业再就业技能培训，争取省总培训资金30万元以上，培训300名以上（泸工发〔2018〕10号 二(一)3）。',
  },
  {
    name: '供给侧改革企业职工转岗培训',
    category: 'employment',
    fundLevel: 'provincial',
    budget: 10_000_000,
    targetCount: null,
    targetKind: 'trainees',
    eligibilityNotes: '供给侧改革企业职工，优先安排建档困难职工；科学设计转岗培训工种，争取省上培训资金不低于10万元（泸工发〔2018〕10号 二(一)3）。',
  },
  {
    name: '困难职工创业援助',
    category: 'employment',
    fundLevel: 'provincial',
    budget: 10_000_000,
    targetCount: null,
    targetKind: 'households',
    eligibilityNotes: '有创业愿望并具备条件的困难职工：创业培训、创业指导和小额贷款贴息、生产资料支持等扶持，向省总争取资金不低于10万元（泸工发〔2018〕10号 二(一)3，创业援助计划）。',
  },
] as const;

/** The year the demo projects run in: this year's 1 May – 30 October, or next year's once it is over. */
export function demoProjectYear(now: Date): number {
  const day = now.toISOString().slice(0, 10);
  const year = Number(day.slice(0, 4));
  return day > `${year}-10-30` ? year + 1 : year;
}

/**
 * DEMO VALUES, not official figures: monthly urban dibao per person in fen, per region, dated.
 * A process admin replaces them with the published standards.
 */
export const DEMO_DIBAO: Array<{ regionCode: string; validFrom: string; dibao: number }> = [
  { regionCode: '510000', validFrom: '2018-01-01', dibao: 50_000 },
  { regionCode: '510500', validFrom: '2018-01-01', dibao: 56_000 },
  { regionCode: '510500', validFrom: '2024-07-01', dibao: 68_000 },
  ...['510502', '510503', '510504'].flatMap((regionCode) => [
    { regionCode, validFrom: '2018-01-01', dibao: 56_000 },
    { regionCode, validFrom: '2024-07-01', dibao: 68_000 },
  ]),
  ...['510521', '510522', '510524', '510525'].flatMap((regionCode) => [
    { regionCode, validFrom: '2018-01-01', dibao: 52_000 },
    { regionCode, validFrom: '2024-07-01', dibao: 64_000 },
  ]),
];

function flatten(node: OrgSeed, parent: { id: string; path: string; depth: number } | null, out: Array<OrgSeed & { parentId: string | null; path: string; depth: number }>) {
  const path = `${parent?.path ?? '/'}${node.id}/`;
  const depth = (parent?.depth ?? -1) + 1;
  out.push({ ...node, parentId: parent?.id ?? null, path, depth });
  for (const child of node.children ?? []) flatten(child, { id: node.id, path, depth }, out);
  return out;
}

export async function seedDemo(prisma: PrismaClient): Promise<{ created: boolean }> {
  if (await prisma.user.findUnique({ where: { username: 'staff' } })) return { created: false };
  const orgs = flatten(ORG_TREE, null, []);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    for (const o of orgs) {
      await tx.org.upsert({
        where: { id: o.id },
        update: {},
        create: { id: o.id, name: o.name, kind: o.kind, parentId: o.parentId, path: o.path, depth: o.depth, regionCode: o.region },
      });
    }
    for (const u of DEMO_USERS) {
      await tx.user.upsert({
        where: { username: u.username },
        update: {},
        create: { username: u.username, displayName: u.displayName, title: u.title, passwordHash, roles: { create: { role: u.role, orgId: u.orgId } } },
      });
    }
    // DEMO VALUES: one fund a level per union, so payments can be tried at once.
    const now = new Date();
    for (const o of orgs) {
      const level = { city: 'city', county: 'county', direct: 'county', system: 'county', grassroots: 'grassroots' }[o.kind];
      if (!level) continue;
      const balance = { city: 100_000_000, county: 20_000_000, grassroots: 2_000_000 }[level]!;
      const name = `${o.name}${{ city: '市级', county: '县（区）级', grassroots: '基层' }[level]}帮扶资金（演示）`;
      const account = await tx.fundAccount.upsert({
        where: { orgId_level_name: { orgId: o.id, level, name } },
        update: {},
        create: { orgId: o.id, level, name, balance: BigInt(balance), createdAt: now },
      });
      await tx.fundTransaction.create({ data: { accountId: account.id, kind: 'retained', amount: BigInt(balance), note: '演示期初余额', createdAt: now } });
    }
    const city = orgs.find((o) => o.id === '510500')!;
    const cityUser = await tx.user.findUniqueOrThrow({ where: { username: 'city' } });
    const year = demoProjectYear(now);
    for (const p of DEMO_PROJECTS) {
      await tx.assistanceProject.create({
        data: {
          ...p,
          budget: BigInt(p.budget),
          orgId: city.id,
          orgPath: city.path,
          year,
          startDate: new Date(`${year}-05-01T00:00:00Z`),
          endDate: new Date(`${year}-10-30T00:00:00Z`),
          status: 'published',
          isDemo: true,
          createdBy: cityUser.id,
          createdAt: now,
        },
      });
    }
    for (const d of DEMO_DIBAO) {
      await tx.dibaoStandard.upsert({
        where: { regionCode_validFrom: { regionCode: d.regionCode, validFrom: new Date(`${d.validFrom}T00:00:00Z`) } },
        update: {},
        create: { regionCode: d.regionCode, validFrom: new Date(`${d.validFrom}T00:00:00Z`), dibao: d.dibao, isDemo: true, note: '演示数据，非官方标准' },
      });
    }
  });
  return { created: true };
}
