import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, type Client, type TestSystem } from '../support/system';
import { freshDatabaseUrl } from '../support/db';
import { openAccount } from '../support/funds';
import { complete, officials, SURVEY, taskAt, userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { CHAIN_LOCK } from '../../api/audit-chain';

/**
 * Audit rows come last in a transaction (issue 7): the audit chain's advisory lock is held from
 * the audit row to the commit, so a transaction that audits and THEN locks a row deadlocks with
 * one that holds that row and then audits (PostgreSQL aborts one of them, 40P01). Each test plays
 * the other transaction on its own connection — it locks the row the request will need, waits
 * until the request queues behind it, then appends to the chain as an audit would — and both
 * must commit. Only a PostgreSQL server has concurrent transactions (PGlite runs them one after
 * the other), so this is the server tier's: `TEST_DATABASE_URL=… npx vitest run tests/db/audit-order.db.test.ts`.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('audit rows last: no deadlock with a transaction that locks a row and then audits', () => {
  let sys: TestSystem;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = (await freshDatabaseUrl())!;
    url = fresh.url;
    drop = fresh.drop;
    sys = await testSystem({ databaseUrl: url });
  });
  afterAll(async () => {
    await sys.stop();
    await drop();
  });

  /** Holds `lockSql`'s row lock, lets `request` queue behind it, then takes the chain's lock and commits. */
  async function interleave(lockSql: string, params: unknown[], request: () => Promise<{ status: number; body: any }>) {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(lockSql, params);
      const pending = request();
      // wait until the request's transaction waits for our row lock
      for (let i = 0; ; i++) {
        const { rows } = await other.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        if (rows[0].n > 0) break;
        if (i > 200) throw new Error('the request never waited for the row lock');
        await new Promise((r) => setTimeout(r, 25));
      }
      let chain: string = 'taken';
      try {
        await other.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
        await other.query('COMMIT');
      } catch (err) {
        chain = `refused: ${(err as { code?: string }).code} ${(err as Error).message}`;
        await other.query('ROLLBACK').catch(() => {});
      }
      const res = await pending;
      return { chain, status: res.status, body: res.body };
    } finally {
      await other.end();
    }
  }

  it('an allocation locks both accounts before its two audit rows (its second leg used to audit first)', async () => {
    const o = await officials(sys);
    const cityFund = await openAccount(o.city, o.city, '510500', 'city', 1_000_000, '市级帮扶专项资金');
    const countyFund = await openAccount(o.city, o.city, '510502', 'city', 0, '市级下拨资金');
    // a deposit into the receiving account holds its row, then audits
    const result = await interleave(`UPDATE "FundAccount" SET balance = balance WHERE id = $1`, [countyFund.id], () =>
      o.city.post('/api/funds/allocations', { fromAccountId: cityFund.id, toAccountId: countyFund.id, amount: 300_000, note: '并发下拨' }),
    );
    expect(result, JSON.stringify(result.body)).toMatchObject({ chain: 'taken', status: 201 });
    expect((await o.city.get(`/api/funds/accounts/${countyFund.id}`)).body.balance).toBe(300_000);
  });

  it('a task completion locks its task and instance before the form’s effects audit (assigning the helpers used to audit first)', async () => {
    const staff: Client = (await officials(sys)).staff;
    const { id, caseNo } = (await staff.post('/api/applications', demoApplication(61))).body;
    await sys.engine.drain();
    await complete(sys, staff, 'householdSurvey', caseNo, SURVEY);
    const task = await taskAt(staff, 'assignHelpers', caseNo);
    const instanceId = (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).processInstanceId!;
    const helpers = { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' };
    // a job step of the same instance holds the instance row, then audits
    const result = await interleave(`SELECT id FROM "ProcessInstance" WHERE id = $1 FOR UPDATE`, [instanceId], () => staff.post(`/api/tasks/${task.id}/complete`, { variables: helpers }));
    expect(result, JSON.stringify(result.body)).toMatchObject({ chain: 'taken', status: 200 });
    expect(await sys.db.prisma.auditLog.count({ where: { action: 'assign_helpers', entityId: id } })).toBe(1);
  });
});
