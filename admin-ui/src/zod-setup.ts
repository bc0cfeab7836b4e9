import { config } from 'zod';

// The API's Content-Security-Policy forbids eval. Without this, zod probes `Function('')` while
// the shared schemas are built and the browser reports a CSP violation on every page load.
// Imported first by main.tsx, before any module that builds a schema.
config({ jitless: true });
