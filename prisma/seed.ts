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
];

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
