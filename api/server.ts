/**
 * `npm start`: the embedded default on one port. Configuration by environment:
 * PORT (3000), DATA_DIR (./data), DATABASE_URL (postgresql://... selects a PostgreSQL server).
 */
import { resolve } from 'node:path';
import { startSystem } from './system';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;

const system = await startSystem({ port, dataDir, databaseUrl });
console.log(`困难职工帮扶管理系统 listening on ${system.url} (${databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${dataDir}`})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await system.stop();
    process.exit(0);
  });
}
