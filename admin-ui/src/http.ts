/**
 * The one way the UI talks to the API: same origin, session cookie, JSON. Every failure becomes
 * a react-admin `HttpError` whose message is Chinese — the server's `message` when it sends one,
 * else a translation key — and whose body keeps `{ errors }` for the form to show per field.
 */
import { HttpError } from 'react-admin';

export type ApiResponse<T> = { status: number; headers: Headers; json: T };

const MESSAGE_BY_STATUS: Record<number, string> = {
  401: 'ra.notification.logged_out',
  403: 'ra.notification.not_authorized',
  404: 'ra.notification.item_doesnt_exist',
};

function messageOf(status: number, body: unknown): string {
  const b = body as { message?: unknown; errors?: unknown } | null;
  if (b && typeof b.message === 'string' && b.message) return b.message;
  if (b && b.errors && typeof b.errors === 'object') return 'ra.message.invalid_form';
  return MESSAGE_BY_STATUS[status] ?? 'ra.notification.http_error';
}

export async function apiFetch<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const method = init.method ?? 'GET';
  // The API refuses any write that is not declared JSON, even without a body (its CSRF guard).
  return send<T>(path, method, method === 'GET' ? undefined : 'application/json', init.body === undefined ? undefined : JSON.stringify(init.body));
}

/**
 * Uploads a file as the raw request body, declared with its own type (`application/pdf`,
 * `image/jpeg`…): the one kind of write that is not JSON. The server decides the type from the
 * bytes; the declared type only has to be a file type (a form type is refused as CSRF).
 */
export async function apiUpload<T = unknown>(path: string, file: Blob): Promise<ApiResponse<T>> {
  return send<T>(path, 'POST', file.type || 'application/octet-stream', file);
}

async function send<T>(path: string, method: string, contentType: string | undefined, body: BodyInit | undefined): Promise<ApiResponse<T>> {
  const headers = new Headers({ Accept: 'application/json' });
  if (contentType) headers.set('Content-Type', contentType);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      // Never revalidate: on a 304 Chromium keeps the cached Content-Range, so an inbox whose
      // first row did not change would show a stale total (express sends ETags by default).
      cache: 'no-store',
      body,
    });
  } catch {
    throw new HttpError('app.errors.network', 0);
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) throw new HttpError(messageOf(response.status, json), response.status, json);
  return { status: response.status, headers: response.headers, json: json as T };
}
