/**
 * Verifies the audit trail's hash chain (issue 7) and prints the verdict; exits 1 when it is
 * broken, 2 on a usage or connection error. Database as for `npm start`: DATABASE_URL
 * (PostgreSQL server, may run while the system runs) or DATA_DIR (embedded PGlite: one process
 * owns the data directory, so stop the system first).
 *
 *   npx tsx scripts/audit-verify.ts [--anchor <id>:<hash>] [--json]
 *
 * `--anchor` is a head printed by an earlier run and kept outside the database: the row must
 * still be there with the same hash, which also catches rows cut off at the end of the chain.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../api/db/client';
import { verifyAuditChain } from '../api/audit-chain';

let args;
try {
  args = parseArgs({ options: { anchor: { type: 'string' }, json: { type: 'boolean', default: false } } }).values;
} catch (err) {
  console.error(`${(err as Error).message}\nusage: audit-verify [--anchor <id>:<hash>] [--json]`);
  process.exit(2);
}
const anchor = args.anchor ? /^(\d+):([0-9a-f]{64})$/.exec(args.anchor) : null;
if (args.anchor && !anchor) {
  console.error('--anchor 应为 <记录编号>:<64位十六进制哈希>，即先前一次校验输出的链头');
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openDatabase({ databaseUrl, dataDir: resolve(process.env.DATA_DIR ?? './data') });
let code = 0;
try {
  const verdict = await verifyAuditChain(db.prisma);
  let anchorProblem: string | null = null;
  if (verdict.ok && anchor) {
    const row = await db.prisma.auditLog.findUnique({ where: { id: BigInt(anchor[1]) }, select: { hash: true } });
    if (!row) anchorProblem = `先前记录的链头 ${anchor[1]} 已不存在（链尾的记录被删除，或在清理范围内）`;
    else if (row.hash !== anchor[2]) anchorProblem = `先前记录的链头 ${anchor[1]} 的哈希已改变（审计链被改写）`;
  }
  code = verdict.ok && !anchorProblem ? 0 : 1;
  if (args.json) {
    console.log(JSON.stringify({ ...verdict, ...(anchor && { anchor: anchorProblem ?? 'ok' }) }));
  } else if (!verdict.ok) {
    console.log(`审计链校验失败：第 ${verdict.brokenAt.id} 条记录（${verdict.brokenAt.reason}）：${verdict.brokenAt.message}。已校验 ${verdict.rows} 条。`);
  } else if (anchorProblem) {
    console.log(`审计链校验失败：${anchorProblem}`);
  } else {
    console.log(`审计链完整：共 ${verdict.rows} 条记录${verdict.legacyRows ? `（其中 ${verdict.legacyRows} 条早于哈希链，未纳入）` : ''}${verdict.anchoredAt ? `，自第 ${verdict.anchoredAt} 条起（更早的记录已按保留期清理）` : ''}。`);
    if (verdict.head) console.log(`链头（请另行保存，供下次 --anchor 核对）：${verdict.head.id}:${verdict.head.hash}`);
  }
} catch (err) {
  console.error(`审计链校验无法完成：${(err as Error).message}`);
  code = 2;
} finally {
  await db.close();
}
process.exit(code);
