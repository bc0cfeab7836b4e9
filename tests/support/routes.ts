/**
 * Every route an express 5 app serves, found by walking its router at run time (nested routers
 * mounted with `app.use`/`router.use` included), as `METHOD /full/path` keys. Tests that must
 * cover every endpoint — present and future — enumerate with this instead of a hand-kept list.
 */
import type express from 'express';

export interface RouteEntry {
  method: string;
  /** the full path pattern, e.g. `/api/files/:id/visits` (no trailing slash); a RegExp's source for regex routes */
  path: string;
  key: string;
}

const joinPath = (prefix: string, path: string) => {
  const full = `${prefix}${path === '/' ? '' : path}`.replace(/\/+$/, '');
  return full || '/';
};

export function listRoutes(app: express.Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      const raw = layer.rawPath ?? layer.route?.path;
      if (layer.route) {
        const path = typeof layer.route.path === 'string' ? joinPath(prefix, layer.route.path) : `${prefix}${String(layer.route.path)}`;
        for (const [m, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
          if (!on) continue;
          const method = m === '_all' ? 'ALL' : m.toUpperCase();
          out.push({ method, path, key: `${method} ${path}` });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        if (typeof raw !== 'string') throw new Error(`router mounted on a non-string path (${String(raw)}): extend listRoutes`);
        walk(layer.handle.stack, joinPath(prefix, raw) === '/' ? '' : joinPath(prefix, raw));
      }
    }
  };
  walk((app as any).router.stack, '');
  // HEAD is answered by GET routes; it is not a route of its own
  return out.filter((r, i) => out.findIndex((x) => x.key === r.key) === i);
}
