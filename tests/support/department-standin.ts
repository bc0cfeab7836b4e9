/**
 * A STAND-IN for the five departments' cross-check endpoints (民政, 住建, 人社, 公安, 税务), for
 * tests only: a node:http server on 127.0.0.1 and a random port that speaks the contract of
 * docs/department-connectors.md at `/civil_affairs`, `/housing`, `/hrss`, `/police`, `/tax`.
 * It is not any department's real service. Tests configure its answer per ID number, read the
 * requests it received, and tell it to fail (HTTP 500, hang until the caller times out, cut the
 * connection, answer with something that is not JSON, or answer with an arbitrary body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEPARTMENTS, type Department } from '../../workers/crosscheck/contract';

export type StandinFailure = 'status500' | 'hang' | 'close' | 'not-json';

export interface StandinRequest {
  department: string;
  authorization: string | undefined;
  body: any;
}

export interface DepartmentStandin {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  credential: string;
  url(department: Department): string;
  /** This person's entry in the department's answer (merged over a neutral default). */
  answer(department: Department, idNumber: string, finding: Record<string, unknown>): void;
  /** Every later request to the department fails this way, until `failWith(department, null)`. */
  failWith(department: Department, failure: StandinFailure | null): void;
  /** Answer this raw JSON body instead (for contract violations), until `respondWith(department, null)`. */
  respondWith(department: Department, body: ((request: any) => unknown) | null): void;
  requests: StandinRequest[];
  reset(): void;
  /** Closes the server: later connections are refused. */
  close(): Promise<void>;
}

/** What a department says about someone it has nothing on. */
const NEUTRAL: Record<Department, Record<string, unknown>> = {
  civil_affairs: { isDibao: false },
  housing: { homesOwned: 0 },
  hrss: { insured: false },
  police: { registered: true, vehicles: 0 },
  tax: { annualIncome: 0 },
};

export async function startDepartmentStandin(opts: { credential?: string } = {}): Promise<DepartmentStandin> {
  const credential = opts.credential ?? 'stand-in-credential';
  const answers = new Map<string, Record<string, unknown>>();
  const failures = new Map<Department, StandinFailure>();
  const overrides = new Map<Department, (request: any) => unknown>();
  const requests: StandinRequest[] = [];
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const department = (req.url ?? '').replace(/^\//, '').split('?')[0];
    let body: any = null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = null;
    }
    requests.push({ department, authorization: req.headers.authorization, body });
    if (!(DEPARTMENTS as readonly string[]).includes(department)) return send(res, 404, { error: 'unknown department' });
    const dep = department as Department;
    if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
    if (req.headers.authorization !== `Bearer ${credential}`) return send(res, 401, { error: 'invalid credential' });
    const failure = failures.get(dep);
    if (failure === 'status500') return send(res, 500, { error: 'stand-in told to fail' });
    if (failure === 'hang') return; // never answers; the caller's timeout must end it
    if (failure === 'close') return req.socket.destroy();
    if (failure === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>502 Bad Gateway</body></html>');
    }
    if (!body || !Array.isArray(body.persons)) return send(res, 400, { error: 'persons required' });
    const override = overrides.get(dep);
    if (override) return send(res, 200, override(body));
    send(res, 200, {
      persons: body.persons.map((p: { idNumber: string }) => ({ idNumber: p.idNumber, ...NEUTRAL[dep], ...answers.get(`${dep}:${p.idNumber}`) })),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    credential,
    url: (department) => `${baseUrl}/${department}`,
    answer: (department, idNumber, finding) => void answers.set(`${department}:${idNumber}`, finding),
    failWith: (department, failure) => void (failure ? failures.set(department, failure) : failures.delete(department)),
    respondWith: (department, body) => void (body ? overrides.set(department, body) : overrides.delete(department)),
    requests,
    reset() {
      answers.clear();
      failures.clear();
      overrides.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
