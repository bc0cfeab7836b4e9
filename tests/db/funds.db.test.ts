import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testSystem, login, type Client, type TestSystem } from '../support/system';
import { approvedDisbursement, download, filedHousehold, fundsFootprint, newKey, openAccount } from '../support/funds';
import { BATCH_HEADERS } from '../../api/funds/batches';
import { LEVELS } from '../../workers/funds';

/**
 * Funds under the level rule (SPEC §4, seed 一(三)6 and 四3), through the HTTP API on a real
 * database (PGlite, or the PostgreSQL server with TEST_DATABASE_URL).
 */
describe('funds: accounts, disbursements under the level rule, payment to the card, batches for the bank', () => {
  let sys: TestSystem;
  let staff: Client, chair: Client, county: Client, city: Client, supervisor: Client, staffNx: Client, countyNx: Client, staff2: Client;
  let seq = 100;
  const nextSeq = () => ++seq;

  beforeAll(async () => {
    sys = await testSystem();
    [staff, chair, county, city, supervisor, staffNx, countyNx, staff2] = await Promise.all(
      ['staff', 'chair', 'county', 'city', 'supervisor', 'staff_nx', 'county_nx', 'staff2'].map((u) => login(sys.url!, u)),
    );
  });
  afterAll(() => sys?.stop());

  const balanceOf = async (accountId: string) => Number((await sys.db.prisma.fundAccount.findUniqueOrThrow({ where: { id: accountId } })).balance);
  const ledgerSum = async (accountId: string) =>
    Number((await sys.db.prisma.fundTransaction.aggregate({ where: { accountId }, _sum: { amount: true } }))._sum.amount ?? 0n);

  describe('accounts and allocations down the tree', () => {
    it('the city funds its account and allocates to a county account of the same level; every change is a ledger row and an audit row', async () => {
      const cityFund = await openAccount(city, city, '510500', 'city', 1_000_000, '市级帮扶专项资金');
      expect(cityFund).toMatchObject({ orgId: '510500', level: 'city', levelLabel: '市级', balance: 1_000_000 });
      const countyCityFund = await openAccount(city, city, '510502', 'city', 0, '市级下拨资金');
      const auditBefore = await sys.db.prisma.auditLog.count({ where: { entity: 'fund_account' } });

      const res = await city.post('/api/funds/allocations', { fromAccountId: cityFund.id, toAccountId: countyCityFund.id, amount: 300_000, note: '2026年第一批' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.from.balance).toBe(700_000);
      expect(res.body.to.balance).toBe(300_000);

      const legs = await sys.db.prisma.fundTransaction.findMany({ where: { refId: res.body.id }, orderBy: { amount: 'asc' } });
      expect(legs.map((t) => [t.accountId, t.kind, Number(t.amount)])).toEqual([
        [cityFund.id, 'allocation_out', -300_000],
        [countyCityFund.id, 'allocation_in', 300_000],
      ]);
      expect(await sys.db.prisma.auditLog.count({ where: { entity: 'fund_account' } })).toBe(auditBefore + 2);
      for (const id of [cityFund.id, countyCityFund.id]) expect(await ledgerSum(id)).toBe(await balanceOf(id));

      const ledger = await city.get(`/api/funds/accounts/${countyCityFund.id}/transactions`);
      expect(ledger.status).toBe(200);
      expect(ledger.headers.get('content-range')).toBe('funds/transactions 0-0/1');
      expect(ledger.body[0]).toMatchObject({ kind: 'allocation_in', amount: 300_000, createdByName: '周市总' });
    });

    it('refuses allocations sideways, up, across levels and beyond the balance, writing nothing', async () => {
      const cityFund = await openAccount(city, city, '510500', 'city', 50_000, '市级应急资金');
      const nxCity = await openAccount(city, city, '510503', 'city', 0, '市级应急资金');
      const jyCounty = await openAccount(county, city, '510502', 'county', 10_000, '区级帮扶资金');
      const jyGrassCounty = await openAccount(county, city, '510502-01', 'county', 0, '区级下拨资金');
      const before = await fundsFootprint(sys);

      const up = await county.post('/api/funds/allocations', { fromAccountId: jyGrassCounty.id, toAccountId: jyCounty.id, amount: 1 });
      expect(up.status).toBe(422);
      expect(up.body.errors.toAccountId).toBe('只能下拨给下级工会的资金账户');

      const crossLevel = await city.post('/api/funds/allocations', { fromAccountId: cityFund.id, toAccountId: jyCounty.id, amount: 1 });
      expect(crossLevel.status).toBe(422);
      expect(crossLevel.body.errors.toAccountId).toContain('同级别');

      const tooMuch = await city.post('/api/funds/allocations', { fromAccountId: cityFund.id, toAccountId: nxCity.id, amount: 50_001 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.errors.amount).toBe('拨付金额超过拨出账户余额');

      // The Naxi county reviewer cannot even see Jiangyang's account.
      const foreign = await countyNx.post('/api/funds/allocations', { fromAccountId: jyCounty.id, toAccountId: jyGrassCounty.id, amount: 1 });
      expect(foreign.status).toBe(404);
      expect(foreign.body.errors.fromAccountId).toBe('资金账户不存在');

      // Staff hold no purse strings.
      expect((await staff.post('/api/funds/allocations', { fromAccountId: jyCounty.id, toAccountId: jyGrassCounty.id, amount: 1 })).status).toBe(404);
      expect(await fundsFootprint(sys)).toEqual(before);
    });

    it('lets a county open and fund only county- and grassroots-level accounts of its own subtree', async () => {
      const before = await fundsFootprint(sys);
      const national = await county.post('/api/funds/accounts', { orgId: '510502', level: 'national' });
      expect(national.status).toBe(403);
      expect(national.body.message).toContain('全国级');
      expect((await countyNx.post('/api/funds/accounts', { orgId: '510502-01', level: 'grassroots' })).status).toBe(404);
      expect((await staff.post('/api/funds/accounts', { orgId: '510502-01', level: 'grassroots', name: '员工自建' })).status).toBe(403);
      expect(await fundsFootprint(sys)).toEqual(before);

      const own = await openAccount(county, county, '510502-02', 'grassroots', 20_000, '基层留成经费');
      expect(own.balance).toBe(20_000);
      const dup = await county.post('/api/funds/accounts', { orgId: '510502-02', level: 'grassroots', name: '基层留成经费' });
      expect(dup.status).toBe(409);
      expect(dup.body.errors.name).toBeTruthy();
    });

    it('lists accounts of the caller subtree only, and with fileId only those that may pay the file', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'county' });
      await openAccount(county, city, '510502-01', 'grassroots', 0, '列表用基层资金');
      const jy = await county.get('/api/funds/accounts?range=[0,199]');
      expect(jy.status).toBe(200);
      expect(jy.body.length).toBeGreaterThan(0);
      expect(jy.body.every((a: any) => a.orgPath.startsWith('/100000/510000/510500/510502/'))).toBe(true);
      const nx = await countyNx.get('/api/funds/accounts?range=[0,199]');
      expect(nx.body.some((a: any) => a.orgPath.includes('/510502/'))).toBe(false);

      const usable = await county.get(`/api/funds/accounts?range=[0,199]&filter=${encodeURIComponent(JSON.stringify({ fileId: file.id }))}`);
      expect(usable.body.length).toBeGreaterThan(0);
      for (const a of usable.body) {
        expect(['county', 'grassroots']).toContain(a.level);
        expect(file.orgPath.startsWith(a.orgPath)).toBe(true);
      }
      const foreign = await countyNx.get(`/api/funds/accounts?filter=${encodeURIComponent(JSON.stringify({ fileId: file.id }))}`);
      expect(foreign.body).toEqual([]);
    });
  });

  describe('the level rule (seed 一(三)6)', () => {
    it('a grassroots-level file cannot be paid from a county fund: a clear error and nothing written', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots' });
      const countyFund = await openAccount(county, county, '510502', 'county', 100_000, '区级救助资金');
      const before = await fundsFootprint(sys);

      const res = await county.post('/api/funds/disbursements', { fileId: file.id, accountId: countyFund.id, kind: 'living_aid', amount: 50_000, reason: '住院', idempotencyKey: newKey() });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('基层级档案只能使用基层帮扶资金，不能使用县（区）级帮扶资金');
      expect(res.body.errors.accountId).toBe(res.body.message);
      expect(await fundsFootprint(sys)).toEqual(before);
      expect(await balanceOf(countyFund.id)).toBe(100_000);
    });

    it('the payment itself checks the rule again: an approved row that breaks it is not paid', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots' });
      const countyFund = await openAccount(county, county, '510502', 'county', 100_000, '区级临时救助');
      const requester = await sys.db.prisma.user.findUniqueOrThrow({ where: { username: 'county' } });
      // A row that slipped past the request (e.g. written before the rule, or the file's level changed since).
      const smuggled = await sys.db.prisma.disbursement.create({
        data: { fileId: file.id, accountId: countyFund.id, kind: 'living_aid', amount: 10_000n, status: 'approved', idempotencyKey: newKey(), reason: '旧数据', requestedBy: requester.id, requestedAt: sys.clock.now() },
      });
      const before = await fundsFootprint(sys);
      const res = await county.post(`/api/funds/disbursements/${smuggled.id}/pay`, {});
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('基层级档案只能使用基层帮扶资金');
      expect(await fundsFootprint(sys)).toEqual(before);
      expect((await sys.db.prisma.disbursement.findUniqueOrThrow({ where: { id: smuggled.id } })).status).toBe('approved');
    });

    it('a county-level file may use the county fund and its union grassroots fund, but not the city fund', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'county' });
      const countyFund = await openAccount(county, county, '510502', 'county', 100_000, '区级医疗救助');
      const grassFund = await openAccount(county, county, '510502-01', 'grassroots', 100_000, '基层医疗救助');
      const cityFund = await openAccount(city, city, '510502', 'city', 100_000, '市级医疗救助');
      for (const accountId of [countyFund.id, grassFund.id]) {
        const res = await county.post('/api/funds/disbursements', { fileId: file.id, accountId, kind: 'medical_aid', amount: 20_000, reason: '大病医疗', idempotencyKey: newKey() });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({ status: 'requested', statusLabel: '待审批', kindLabel: '医疗救助', amount: 20_000, applicantName: '张*国', bankCardLast4: '0001' });
      }
      // Requests come from the household's union or county, not from the city.
      const byCity = await city.post('/api/funds/disbursements', { fileId: file.id, accountId: cityFund.id, kind: 'medical_aid', amount: 20_000, reason: '大病医疗', idempotencyKey: newKey() });
      expect(byCity.status).toBe(403);
      const byCounty = await county.post('/api/funds/disbursements', { fileId: file.id, accountId: cityFund.id, kind: 'medical_aid', amount: 20_000, reason: '大病医疗', idempotencyKey: newKey() });
      expect(byCounty.status).toBe(422);
      expect(byCounty.body.message).toBe('县（区）级档案只能使用县（区）级及以下级别的帮扶资金，不能使用市级帮扶资金');
    });

    it('only the household union chain pays: another grassroots union account in scope is refused', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots' });
      const other = await openAccount(county, county, '510502-02', 'grassroots', 10_000, '兄弟工会资金');
      const res = await county.post('/api/funds/disbursements', { fileId: file.id, accountId: other.id, kind: 'living_aid', amount: 1_000, reason: '生活困难', idempotencyKey: newKey() });
      expect(res.status).toBe(422);
      expect(res.body.errors.accountId).toBe('只能使用档案所在工会或其上级工会的资金账户');
    });
  });

  describe('payment to the card on file', () => {
    it('50 concurrent payments against a fund that can afford 10 leave exactly 10 paid and a zero balance', async () => {
      const fund = await openAccount(county, city, '510502-01', 'grassroots', 10 * 5_000, '并发测试资金');
      const files = await Promise.all([0, 1, 2, 3, 4].map(() => filedHousehold(sys, nextSeq(), { level: 'grassroots' })));
      const approved = [];
      for (let i = 0; i < 50; i++) approved.push(await approvedDisbursement(staff, chair, { fileId: files[i % 5].id, accountId: fund.id, amount: 5_000 }));

      const results = await Promise.all(approved.map((d) => staff.post(`/api/funds/disbursements/${d.id}/pay`, {})));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      expect(results.find((r) => r.status === 409)!.body.message).toBe('资金账户“并发测试资金”余额不足，不能支付');

      expect(await balanceOf(fund.id)).toBe(0);
      const ids = approved.map((d) => d.id);
      expect(await sys.db.prisma.disbursement.count({ where: { id: { in: ids }, status: 'paid' } })).toBe(10);
      expect(await sys.db.prisma.disbursement.count({ where: { id: { in: ids }, status: 'approved' } })).toBe(40);
      const payments = await sys.db.prisma.fundTransaction.findMany({ where: { accountId: fund.id, kind: 'payment' } });
      expect(payments).toHaveLength(10);
      expect(await ledgerSum(fund.id)).toBe(0);
      // Paid rows and payment ledger rows are the same ten.
      const paidIds = (await sys.db.prisma.disbursement.findMany({ where: { id: { in: ids }, status: 'paid' }, select: { id: true } })).map((d) => d.id).sort();
      expect(payments.map((t) => t.refId).sort()).toEqual(paidIds);
    });

    it('a retried request (same idempotencyKey) is created once and paid once', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots' });
      const fund = await openAccount(county, city, '510502-01', 'grassroots', 100_000, '幂等测试资金');
      const body = { fileId: file.id, accountId: fund.id, kind: 'education_aid', amount: 30_000, reason: '金秋助学：子女初中学费', idempotencyKey: newKey() };

      const tries = await Promise.all([1, 2, 3].map(() => staff.post('/api/funds/disbursements', body)));
      expect(tries.map((t) => t.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(tries.map((t) => t.body.id)).size).toBe(1);
      expect(await sys.db.prisma.disbursement.count({ where: { idempotencyKey: body.idempotencyKey } })).toBe(1);
      const id = tries[0].body.id;

      const reused = await staff.post('/api/funds/disbursements', { ...body, amount: 31_000 });
      expect(reused.status).toBe(409);
      expect(reused.body.errors.idempotencyKey).toBeTruthy();

      expect((await staff.post(`/api/funds/disbursements/${id}/approve`, {})).status).toBe(403);
      expect((await chair.post(`/api/funds/disbursements/${id}/approve`, {})).status).toBe(200);
      expect((await chair.post(`/api/funds/disbursements/${id}/approve`, {})).status).toBe(409);

      const pays = await Promise.all([1, 2, 3].map(() => staff.post(`/api/funds/disbursements/${id}/pay`, {})));
      expect(pays.map((p) => p.status).sort()).toEqual([200, 409, 409]);
      expect(pays.find((p) => p.status === 409)!.body.message).toBe('该笔帮扶资金已支付，不能重复支付');
      expect(pays.find((p) => p.status === 200)!.body).toMatchObject({ status: 'paid', statusLabel: '已支付' });
      expect(await balanceOf(fund.id)).toBe(70_000);
      expect(await sys.db.prisma.fundTransaction.count({ where: { refId: id, kind: 'payment' } })).toBe(1);

      // A retry after payment still answers with the one record, paid.
      const late = await staff.post('/api/funds/disbursements', body);
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ id, status: 'paid' });
    });

    it('refuses to pay a household without a bank card on file (non-cash only)', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots', card: false });
      const fund = await openAccount(county, city, '510502-01', 'grassroots', 100_000, '无卡测试资金');
      const d = await approvedDisbursement(staff, chair, { fileId: file.id, accountId: fund.id, amount: 10_000 });
      const before = await fundsFootprint(sys);
      const res = await staff.post(`/api/funds/disbursements/${d.id}/pay`, {});
      expect(res.status).toBe(422);
      expect(res.body.errors['bank.cardNumber']).toBe('档案未登记银行卡号');
      expect(await fundsFootprint(sys)).toEqual(before);
    });

    it('a rejected request keeps its reason and cannot be paid; a request for a file not in help is refused', async () => {
      const file = await filedHousehold(sys, nextSeq(), { level: 'grassroots' });
      const fund = await openAccount(county, city, '510502-01', 'grassroots', 100_000, '驳回测试资金');
      const d = await approvedDisbursement(staff, chair, { fileId: file.id, accountId: fund.id, amount: 10_000 });
      const rejected = await chair.post(`/api/funds/disbursements/${d.id}/reject`, { reason: '已享受同类救助' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '已享受同类救助' });
      const pay = await staff.post(`/api/funds/disbursements/${d.id}/pay`, {});
      expect(pay.status).toBe(409);
      expect(pay.body.message).toBe('该笔帮扶资金已驳回，不能支付');

      await sys.db.prisma.householdFile.update({ where: { id: file.id }, data: { status: 'cancelled' } });
      const late = await staff.post('/api/funds/disbursements', { fileId: file.id, accountId: fund.id, kind: 'living_aid', amount: 1_000, reason: '生活困难', idempotencyKey: newKey() });
      expect(late.status).toBe(409);
      expect(late.body.errors.fileId).toBeTruthy();
    });
  });

  describe('usage for supervisors', () => {
    it('per level and per union equals the paid rows', async () => {
      // Something paid at a second union and from a county fund, so the grouping is tested.
      const countyFile = await filedHousehold(sys, nextSeq(), { level: 'county' });
      const countyFund = await openAccount(county, county, '510502', 'county', 40_000, '区级使用统计');
      const d = await approvedDisbursement(county, county, { fileId: countyFile.id, accountId: countyFund.id, amount: 12_345, kind: 'startup_aid' });
      expect((await county.post(`/api/funds/disbursements/${d.id}/pay`, {})).status).toBe(200);

      const res = await supervisor.get('/api/funds/usage?year=2026');
      expect(res.status, JSON.stringify(res.body)).toBe(200);

      const paid = await sys.db.prisma.disbursement.findMany({ where: { status: 'paid' } });
      const accounts = new Map((await sys.db.prisma.fundAccount.findMany()).map((a) => [a.id, a]));
      const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0]));
      const byUnion: Record<string, number> = {};
      for (const p of paid) {
        const a = accounts.get(p.accountId)!;
        byLevel[a.level] += Number(p.amount);
        byUnion[a.orgId] = (byUnion[a.orgId] ?? 0) + Number(p.amount);
      }
      expect(paid.length).toBeGreaterThan(10);
      expect(Object.fromEntries(res.body.byLevel.map((l: any) => [l.level, l.amount]))).toEqual(byLevel);
      expect(Object.fromEntries(res.body.byUnion.map((u: any) => [u.orgId, u.amount]))).toEqual(byUnion);
      expect(res.body.total).toEqual({ amount: paid.reduce((s, p) => s + Number(p.amount), 0), count: paid.length });
      expect(res.body.byUnion.find((u: any) => u.orgId === '510502').byLevel.county).toBe(byUnion['510502']);

      // Another year has nothing; a county sees only its own unions; staff see no usage figures.
      expect((await supervisor.get('/api/funds/usage?year=2025')).body.total).toEqual({ amount: 0, count: 0 });
      expect((await countyNx.get('/api/funds/usage')).body.total).toEqual({ amount: 0, count: 0 });
      expect((await staff.get('/api/funds/usage')).status).toBe(403);
    });
  });

  describe('payment batch for the bank', () => {
    it('collects the account paid rows once and exports an .xlsx with the rows, audited', async () => {
      const fund = await openAccount(county, city, '510502-01', 'grassroots', 100_000, '代发测试资金');
      const files = await Promise.all([1, 2, 3].map(() => filedHousehold(sys, nextSeq(), { level: 'grassroots' })));
      const amounts = [12_000, 34_550, 8_001];
      for (let i = 0; i < 3; i++) {
        const d = await approvedDisbursement(staff, chair, { fileId: files[i].id, accountId: fund.id, amount: amounts[i], kind: i === 0 ? 'education_aid' : 'living_aid' });
        expect((await staff.post(`/api/funds/disbursements/${d.id}/pay`, {})).status).toBe(200);
      }
      // approved but not paid: stays out of the batch
      await approvedDisbursement(staff, chair, { fileId: files[0].id, accountId: fund.id, amount: 1_000 });

      const batch = await staff.post('/api/funds/batches', { accountId: fund.id });
      expect(batch.status, JSON.stringify(batch.body)).toBe(201);
      expect(batch.body).toMatchObject({ accountId: fund.id, count: 3, total: 54_551 });
      const again = await staff.post('/api/funds/batches', { accountId: fund.id });
      expect(again.status).toBe(409);

      const rows = await staff.get(`/api/funds/disbursements?filter=${encodeURIComponent(JSON.stringify({ batchId: batch.body.id }))}`);
      expect(rows.headers.get('content-range')).toBe('funds/disbursements 0-2/3');

      const exportsBefore = await sys.db.prisma.auditLog.count({ where: { entity: 'payment_batch', action: 'export', entityId: batch.body.id } });
      const file = await download(sys.url!, 'staff', `/api/funds/batches/${batch.body.id}/export`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('spreadsheetml');
      expect(await sys.db.prisma.auditLog.count({ where: { entity: 'payment_batch', action: 'export', entityId: batch.body.id } })).toBe(exportsBefore + 1);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.bytes as any);
      const sheet = wb.getWorksheet('代发明细')!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...BATCH_HEADERS]);
      expect(sheet.rowCount).toBe(4);
      const data = [2, 3, 4].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
      const byAmount = new Map(data.map((r) => [r[7], r]));
      expect([...byAmount.keys()].sort((a, b) => Number(a) - Number(b))).toEqual([80.01, 120, 345.5]);
      const first = byAmount.get(120)!;
      expect(first[0]).toBeTypeOf('number');
      expect(first[2]).toBe('张建国');
      expect(String(first[3])).toMatch(/^\*{14}[\dX]{4}$/);
      expect(first.slice(4, 7)).toEqual(['中国农业银行', '泸州江阳支行', '6228480000000000001']);
      expect(first[8]).toBe('金秋助学');
      expect(data.map((r) => r[1]).sort()).toEqual(files.map((f) => f.fileNo).sort());

      // A supervisor sees usage, not card numbers; another union does not see the batch at all.
      expect((await download(sys.url!, 'supervisor', `/api/funds/batches/${batch.body.id}/export`)).status).toBe(403);
      expect((await download(sys.url!, 'staff_nx', `/api/funds/batches/${batch.body.id}/export`)).status).toBe(404);
    });
  });

  describe('scope and bad input', () => {
    let fileId: string, accountId: string, disbursementId: string;

    beforeAll(async () => {
      fileId = (await filedHousehold(sys, nextSeq(), { level: 'grassroots' })).id;
      accountId = (await openAccount(county, city, '510502-01', 'grassroots', 50_000, '输入测试资金')).id;
      disbursementId = (await approvedDisbursement(staff, chair, { fileId, accountId, amount: 1_000 })).id;
    });

    it('another union user gets 404 on every record of this union, and the lists leave it out', async () => {
      const before = await fundsFootprint(sys);
      for (const c of [staffNx, countyNx, staff2]) {
        expect((await c.get(`/api/funds/disbursements/${disbursementId}`)).status).toBe(404);
        expect((await c.post(`/api/funds/disbursements/${disbursementId}/approve`, {})).status).toBe(404);
        expect((await c.post(`/api/funds/disbursements/${disbursementId}/reject`, {})).status).toBe(404);
        expect((await c.post(`/api/funds/disbursements/${disbursementId}/pay`, {})).status).toBe(404);
        expect((await c.get(`/api/funds/accounts/${accountId}`)).status).toBe(404);
        expect((await c.get(`/api/funds/accounts/${accountId}/transactions`)).status).toBe(404);
        expect((await c.post(`/api/funds/accounts/${accountId}/deposits`, { amount: 1 })).status).toBe(404);
        expect((await c.post('/api/funds/batches', { accountId })).status).toBe(404);
        const req = await c.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: 100, reason: '越权申请', idempotencyKey: newKey() });
        expect(req.status).toBe(404);
        expect(req.body.errors.fileId).toBe('档案不存在');
        const list = await c.get(`/api/funds/disbursements?range=[0,199]`);
        expect(list.body.some((d: any) => d.id === disbursementId)).toBe(false);
      }
      expect(await fundsFootprint(sys)).toEqual(before);
      // and the union's own staff do see it
      expect((await staff.get(`/api/funds/disbursements/${disbursementId}`)).body).toMatchObject({ id: disbursementId, status: 'approved', approvedByName: '王主席' });
    });

    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
      ['a request without an idempotency key', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: 100, reason: '生活困难' }), 422, 'idempotencyKey'],
      ['a request with yuan as a float', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: 100.5, reason: '生活困难', idempotencyKey: newKey() }), 422, 'amount'],
      ['a request with a negative amount', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: -100, reason: '生活困难', idempotencyKey: newKey() }), 422, 'amount'],
      ['a request with an amount as text', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: '100', reason: '生活困难', idempotencyKey: newKey() }), 422, 'amount'],
      ['a request with an unknown kind', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'cash_gift', amount: 100, reason: '生活困难', idempotencyKey: newKey() }), 422, 'kind'],
      ['a request without a reason', () => staff.post('/api/funds/disbursements', { fileId, accountId, kind: 'living_aid', amount: 100, idempotencyKey: newKey() }), 422, 'reason'],
      ['a request without an account', () => staff.post('/api/funds/disbursements', { fileId, kind: 'living_aid', amount: 100, reason: '生活困难', idempotencyKey: newKey() }), 422, 'accountId'],
      ['a request that is an array', () => staff.post('/api/funds/disbursements', [1, 2]), 422, 'body'],
      ['an account with an unknown level', () => city.post('/api/funds/accounts', { orgId: '510502', level: 'town' }), 422, 'level'],
      ['an account without an org', () => city.post('/api/funds/accounts', { level: 'city' }), 422, 'orgId'],
      ['a deposit of zero', () => city.post(`/api/funds/accounts/${accountId}/deposits`, { amount: 0 }), 422, 'amount'],
      ['a deposit of ten million yuan and one fen', () => city.post(`/api/funds/accounts/${accountId}/deposits`, { amount: 1_000_000_001 }), 422, 'amount'],
      ['an allocation without a target', () => city.post('/api/funds/allocations', { fromAccountId: accountId, amount: 100 }), 422, 'toAccountId'],
      ['a rejection without a reason', () => chair.post(`/api/funds/disbursements/${disbursementId}/reject`, {}), 422, 'reason'],
      ['a batch without an account', () => staff.post('/api/funds/batches', {}), 422, 'accountId'],
      ['a list with an unknown status', () => staff.get(`/api/funds/disbursements?filter=${encodeURIComponent('{"status":"lost"}')}`), 400, 'filter.status'],
      ['a list sorted by a hidden column', () => staff.get('/api/funds/disbursements?sort=["idempotencyKey","ASC"]'), 400, 'sort'],
      ['usage of a year out of range', () => supervisor.get('/api/funds/usage?year=1899'), 422, 'year'],
    ];

    it.each(cases)('%s is refused naming the field and writes nothing', async (_name, call, status, field) => {
      const before = await fundsFootprint(sys);
      const res = await call();
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(typeof res.body.message).toBe('string');
      expect(Object.keys(res.body.errors ?? {})).toContain(field);
      expect(Object.values(res.body.errors).every((m) => /[\u4e00-\u9fa5]/.test(String(m)))).toBe(true);
      expect(await fundsFootprint(sys)).toEqual(before);
    });
  });
});
