/**
 * One call to a department's endpoint under the contract of docs/department-connectors.md.
 * The outcome says what the job does next: `ok` records the findings, `retry` is a transient
 * fault worth retrying (network, timeout, 5xx, 408/429, a body that is not JSON), `refused` is
 * a fault retrying cannot cure (credential, other 4xx, an answer breaking the contract).
 */
import { z } from 'zod';
import { DEPARTMENT_LABELS, FINDINGS_SCHEMAS, type CrossCheckRequest, type Department, type Findings } from './contract';

export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_CHARS = 1_000_000;

export type CallOutcome<D extends Department> =
  | { kind: 'ok'; findings: Findings<D> }
  | { kind: 'retry'; message: string }
  | { kind: 'refused'; message: string };

export interface Endpoint {
  url: string;
  credential: string | null;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

export async function callDepartment<D extends Department>(department: D, endpoint: Endpoint, request: CrossCheckRequest, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CallOutcome<D>> {
  const label = `${DEPARTMENT_LABELS[department]}部门接口`;
  let url: URL;
  try {
    url = new URL(endpoint.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch {
    return { kind: 'refused', message: `${label}地址无效：${endpoint.url}` };
  }
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(endpoint.credential && { authorization: `Bearer ${endpoint.credential}` }),
      },
      body: JSON.stringify(request),
      // A redirect would be a configuration error; never follow it with the credential.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    if ((err as Error)?.name === 'TimeoutError') return { kind: 'retry', message: `${label}超时（${timeoutMs} 毫秒无应答）` };
    return { kind: 'retry', message: `${label}连接失败：${networkReason(err)}` };
  }
  if (status >= 500 || status === 408 || status === 429) return { kind: 'retry', message: `${label}暂不可用（HTTP ${status}）` };
  if (status === 401 || status === 403) return { kind: 'refused', message: `${label}拒绝了凭据（HTTP ${status}），请检查接口凭据配置` };
  if (status >= 300 && status < 400) return { kind: 'refused', message: `${label}返回重定向（HTTP ${status}），请检查接口地址配置` };
  if (status >= 400) return { kind: 'refused', message: `${label}拒绝了请求（HTTP ${status}）：${text.slice(0, 200)}` };
  if (text.length > MAX_RESPONSE_CHARS) return { kind: 'refused', message: `${label}应答过大` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Usually a proxy's error page or a cut body: worth another try.
    return { kind: 'retry', message: `${label}返回的不是有效的 JSON` };
  }
  const parsed = (FINDINGS_SCHEMAS[department] as unknown as z.ZodType<Findings<D>>).safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '应答'}：${i.message}`);
    return { kind: 'refused', message: `${label}应答不符合约定：${issues.join('；')}` };
  }
  return { kind: 'ok', findings: parsed.data };
}
