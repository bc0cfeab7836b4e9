import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { testDatabase } from '../support/db';
import { demoApplication } from '../support/fixtures';
import { seedDemo, DEMO_PASSWORD } from '../../prisma/seed';
import { ManualClock } from '../../api/clock';
import { loadUser, sessionMiddleware } from '../../api/auth/session';
import { authRoutes } from '../../api/auth/routes';
import { errorHandler } from '../../api/errors';
import { submitApplication } from '../../api/applications/submit';
import type { Database } from '../../api/db/client';
import type { AppContext } from '../../api/context';
import type { WorkflowEngine } from '../../api/engine/port';
import { documentRoutes } from '../../api/documents/routes';
import { assertRequiredDocuments, DOCUMENT_KINDS, missingRequiredDocuments, storeDocument, UPLOAD_LIMITS, type DocumentKind } from '../../api/documents/documents';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`));
const jpeg = (text: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF ${text}`), Buffer.from([0xff, 0xd9])]));
const png = (text: string) => new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`IHDR ${text}`)]));
const padded = (head: Uint8Array, size: number) => {
  const b = new Uint8Array(size);
  b.set(head);
  return b;
};

describe('evidence documents: upload, list, download, refusals that leave nothing behind', () => {
  let db: Database;
  let server: Server;
  let base: string;
  let root: string;
  let dir: string;
  let cookies: Record<string, string>;
  let fileId: string, otherFileId: string, closedFileId: string;
  let ctx: AppContext;

  beforeAll(async () => {
    db = await testDatabase();
    await seedDemo(db.prisma);
    const clock = new ManualClock('2026-03-10T02:00:00Z');
    // The router under test on a small app of its own; no process runs here.
    const engine = { startInstance: async () => ({ instanceId: 'no-process' }) } as unknown as WorkflowEngine;
    ctx = { db, clock, engine };
    root = await mkdtemp(join(tmpdir(), 'bf-documents-'));
    dir = join(root, 'documents');
    const app = express();
    app.use('/api', express.json({ limit: '1mb' }), sessionMiddleware(db.prisma, clock));
    app.use('/api/auth', authRoutes(ctx));
    app.use('/api/files/:fileId/documents', documentRoutes(ctx, { dir }));
    app.use(errorHandler);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const staff = (await loadUser(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { username: 'staff' } })).id))!;
    fileId = (await submitApplication(ctx, staff, demoApplication(1))).id;
    otherFileId = (await submitApplication(ctx, staff, demoApplication(2))).id;
    closedFileId = (await submitApplication(ctx, staff, demoApplication(3))).id;
    await db.prisma.householdFile.update({ where: { id: closedFileId }, data: { status: 'refused' } });

    cookies = {};
    for (const username of ['staff', 'staff2', 'staff_nx', 'chair', 'helper', 'county', 'county_nx']) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      expect(res.status).toBe(200);
      cookies[username] = res.headers.get('set-cookie')!.split(';')[0];
    }
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function upload(
    as: string | null,
    query: Record<string, string>,
    body: Uint8Array | string | ReadableStream | undefined,
    type: string | null = 'application/pdf',
    file = fileId,
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (as) headers.cookie = cookies[as];
    if (type) headers['content-type'] = type;
    const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body: body as BodyInit | undefined };
    if (body instanceof ReadableStream) init.duplex = 'half';
    const res = await fetch(`${base}/api/files/${file}/documents?${new URLSearchParams(query)}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  const get = (as: string, path: string) => fetch(`${base}${path}`, { headers: { cookie: cookies[as] } });

  /** Every file under the tmp root, relative to it. */
  async function stored(): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
  }
  const snapshot = async () => ({ rows: await db.prisma.document.count(), audit: await db.prisma.auditLog.count(), stored: await stored() });

  it('stores each kind by content hash and answers with what it stored', async () => {
    for (const kind of DOCUMENT_KINDS) {
      const bytes = kind === 'photo' ? jpeg(kind) : pdf(kind);
      const as = kind === 'reply_letter' ? 'county' : 'staff';
      const res = await upload(as, { kind, name: `${kind}.${kind === 'photo' ? 'jpg' : 'pdf'}` }, bytes, kind === 'photo' ? 'image/jpeg' : 'application/pdf');
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(201);
      const hash = sha256(bytes);
      expect(res.body).toMatchObject({ fileId, kind, mime: kind === 'photo' ? 'image/jpeg' : 'application/pdf', size: bytes.length, sha256: hash, stepId: null });
      expect(new Uint8Array(await readFile(join(dir, hash.slice(0, 2), hash)))).toEqual(bytes);
    }
    const audit = await db.prisma.auditLog.findMany({ where: { entity: 'document', action: 'upload' } });
    expect(audit).toHaveLength(DOCUMENT_KINDS.length);
  });

  it('the same content is stored once; the same upload again returns the existing document', async () => {
    const bytes = pdf('劳动合同 shared');
    const a = await upload('staff', { kind: 'labor_contract', name: '劳动合同.pdf' }, bytes);
    const b = await upload('staff', { kind: 'labor_contract', name: '劳动合同.pdf' }, bytes, 'application/pdf', otherFileId);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    const hash = sha256(bytes);
    expect((await stored()).filter((p) => p.endsWith(hash))).toEqual([join('documents', hash.slice(0, 2), hash)]);
    const before = await snapshot();
    const again = await upload('staff', { kind: 'labor_contract', name: '劳动合同(1).pdf' }, bytes);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(a.body.id);
    expect(await snapshot()).toEqual(before);
  });

  it('the content decides the stored type, not the name nor the declared type', async () => {
    const bytes = png('named pdf');
    const res = await upload('staff', { kind: 'other', name: '扫描件.pdf' }, bytes, 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', name: '扫描件.pdf' });
  });

  it('lists a file’s documents, and per step', async () => {
    const s1 = await upload('helper', { kind: 'photo', name: '入户1.jpg', stepId: 'survey' }, jpeg('visit 1'), 'image/jpeg');
    const s2 = await upload('staff', { kind: 'photo', name: '入户2.png', stepId: 'survey' }, png('visit 2'), 'image/png');
    expect([s1.status, s2.status]).toEqual([201, 201]);
    const survey = await get('staff', `/api/files/${fileId}/documents?stepId=survey`);
    expect(survey.status).toBe(200);
    const rows = await survey.json();
    expect(rows.map((r: any) => r.name)).toEqual(['入户1.jpg', '入户2.png']);
    expect(rows[0]).toMatchObject({ kindLabel: '照片', uploaderName: '赵帮扶', contentUrl: `/api/files/${fileId}/documents/${s1.body.id}/content` });
    expect(survey.headers.get('content-range')).toBe('documents 0-1/2');
    const all = await (await get('staff', `/api/files/${fileId}/documents`)).json();
    expect(all.length).toBeGreaterThan(rows.length);
    expect(all.every((r: any) => r.fileId === fileId)).toBe(true);
    const other = await (await get('staff', `/api/files/${otherFileId}/documents`)).json();
    expect(other.map((r: any) => r.kind)).toEqual(['labor_contract']);
    expect((await get('staff', `/api/files/${fileId}/documents?stepId=../x`)).status).toBe(400);
  });

  it('downloads with the stored type and the UTF-8 file name, and audits the read', async () => {
    const bytes = pdf('户口簿 download');
    const up = await upload('staff', { kind: 'household_register', name: '户口簿 "复印件".pdf' }, bytes);
    const res = await get('county', `/api/files/${fileId}/documents/${up.body.id}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="___ _____.pdf"; filename*=UTF-8''${encodeURIComponent('户口簿 "复印件".pdf')}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    const reads = await db.prisma.auditLog.findMany({ where: { entity: 'document', action: 'download', entityId: up.body.id } });
    expect(reads).toHaveLength(1);
    expect((await get('staff', `/api/files/${otherFileId}/documents/${up.body.id}/content`)).status).toBe(404);
  });

  it('stores path-traversal-looking names as display names only; nothing lands outside the store', async () => {
    const names: Array<[string, string]> = [
      ['../../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\Windows\\win.ini.pdf', 'win.ini.pdf'],
      ['..', '其他材料.pdf'],
      ['a\r\nSet-Cookie: x=1.pdf', 'aSet-Cookie: x=1.pdf'],
    ];
    for (const [i, [name, shown]] of names.entries()) {
      const res = await upload('staff', { kind: 'other', name }, pdf(`traversal ${i}`));
      expect(res.status).toBe(201);
      expect(res.body.name).toBe(shown);
      const dl = await get('staff', `/api/files/${fileId}/documents/${res.body.id}/content`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('set-cookie')).toBeNull();
      await dl.arrayBuffer();
    }
    for (const path of await stored()) expect(path).toMatch(/^documents\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
  });

  const refusals: Array<[string, () => Promise<{ status: number; body: any }>, number, string, string?]> = [
    ['an HTML page named .pdf and declared as PDF', () => upload('staff', { kind: 'other', name: 'x.pdf' }, '<html><script>alert(1)</script></html>'), 415, 'file', '只接受 PDF、JPG、PNG'],
    ['a Windows executable declared as PDF', () => upload('staff', { kind: 'labor_contract', name: '合同.pdf' }, new Uint8Array(Buffer.from('MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode'))), 415, 'file'],
    ['plain text declared as PNG', () => upload('staff', { kind: 'id_card', name: 'id.png' }, 'just text', 'image/png'), 415, 'file'],
    ['a photo that is a PDF', () => upload('helper', { kind: 'photo', name: 'photo.jpg' }, pdf('not a photo'), 'image/jpeg'), 415, 'file', '照片须为 JPG 或 PNG 图片'],
    ['an empty body', () => upload('staff', { kind: 'archive_form', name: 'a.pdf' }, new Uint8Array(0)), 400, 'file', '文件为空'],
    ['no body at all', () => upload('staff', { kind: 'archive_form', name: 'a.pdf' }, undefined), 400, 'file', '文件为空'],
    ['a document over 10 MB', () => upload('staff', { kind: 'archive_form', name: 'big.pdf' }, padded(pdf('big'), UPLOAD_LIMITS.document + 1)), 413, 'file', '证明材料不能超过 10 MB'],
    ['a photo over 5 MB', () => upload('staff', { kind: 'photo', name: 'big.jpg' }, padded(jpeg('big'), UPLOAD_LIMITS.photo + 1), 'image/jpeg'), 413, 'file', '照片不能超过 5 MB'],
    [
      'a photo over 5 MB sent chunked, without a length',
      () => {
        const chunk = padded(jpeg('chunked'), 1024 * 1024);
        let sent = 0;
        const body = new ReadableStream({
          pull(c) {
            if (sent++ < 6) c.enqueue(chunk);
            else c.close();
          },
        });
        return upload('staff', { kind: 'photo', name: 'big.jpg' }, body, 'image/jpeg');
      },
      413,
      'file',
      '照片不能超过 5 MB',
    ],
    ['a cross-site form post', () => upload('staff', { kind: 'other', name: 'a.pdf' }, '------x\r\nContent-Disposition: form-data; name="f"\r\n\r\n%PDF-1.4\r\n------x--', 'multipart/form-data; boundary=----x'), 415, 'file'],
    ['a text/plain post', () => upload('staff', { kind: 'other', name: 'a.pdf' }, '%PDF-1.4 looks like a pdf', 'text/plain'), 415, 'file'],
    ['a JSON body', () => upload('staff', { kind: 'other' }, JSON.stringify({ data: '%PDF-1.4' }), 'application/json'), 415, 'file'],
    ['no declared type', () => upload('staff', { kind: 'other' }, pdf('untyped'), null), 415, 'file'],
    ['an unknown kind', () => upload('staff', { kind: 'passport', name: 'a.pdf' }, pdf('kind')), 422, 'kind'],
    ['no kind', () => upload('staff', { name: 'a.pdf' }, pdf('kind')), 422, 'kind'],
    ['a step id that is a path', () => upload('staff', { kind: 'other', stepId: '../../etc' }, pdf('step')), 422, 'stepId'],
    ['a name far too long', () => upload('staff', { kind: 'other', name: 'x'.repeat(300) }, pdf('name')), 422, 'name'],
    ['a user of another union', () => upload('staff_nx', { kind: 'other', name: 'a.pdf' }, pdf('foreign')), 404, ''],
    ['a sibling union’s staff', () => upload('staff2', { kind: 'other', name: 'a.pdf' }, pdf('sibling')), 404, ''],
    ['another county’s reviewer', () => upload('county_nx', { kind: 'reply_letter', name: 'a.pdf' }, pdf('county nx')), 404, ''],
    ['an unknown file', () => upload('staff', { kind: 'other', name: 'a.pdf' }, pdf('unknown'), 'application/pdf', 'no-such-file'), 404, ''],
    ['a path as the file id', () => upload('staff', { kind: 'other', name: 'a.pdf' }, pdf('path'), 'application/pdf', '..%2F..%2Fetc'), 404, ''],
    ['the chair (reads only)', () => upload('chair', { kind: 'other', name: 'a.pdf' }, pdf('chair')), 403, ''],
    ['a helper uploading an ID card copy', () => upload('helper', { kind: 'id_card', name: 'id.jpg' }, jpeg('helper id'), 'image/jpeg'), 403, ''],
    ['grassroots staff uploading a department reply letter', () => upload('staff', { kind: 'reply_letter', name: 'a.pdf' }, pdf('letter')), 403, ''],
    ['nobody logged in', () => upload(null, { kind: 'other', name: 'a.pdf' }, pdf('anonymous')), 401, ''],
    ['a refused file', () => upload('staff', { kind: 'other', name: 'a.pdf' }, pdf('closed'), 'application/pdf', closedFileId), 409, ''],
  ];

  it.each(refusals)('refuses %s with a clear message, and leaves nothing behind', async (_name, call, status, field, message) => {
    const before = await snapshot();
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    if (field) expect(Object.keys(res.body.errors ?? {})).toContain(field);
    if (message) expect(res.body.errors[field]).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it('a row that cannot be written takes its new blob with it; a blob other rows use stays', async () => {
    const failing = new Proxy(db.prisma, { get: (target, prop) => (prop === '$transaction' ? () => Promise.reject(new Error('database unavailable')) : Reflect.get(target, prop)) });
    const broken: AppContext = { ...ctx, db: { ...db, prisma: failing } };
    const staff = (await loadUser(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { username: 'staff' } })).id))!;
    const file = await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } });
    const before = await snapshot();
    await expect(storeDocument(broken, { dir }, staff, file, { kind: 'other', name: 'n.pdf', body: Buffer.from(pdf('never stored')) })).rejects.toThrow('database unavailable');
    expect(await snapshot()).toEqual(before);
    const shared = pdf('劳动合同 shared');
    await expect(storeDocument(broken, { dir }, staff, file, { kind: 'other', name: 'n.pdf', body: Buffer.from(shared) })).rejects.toThrow('database unavailable');
    expect(await stored()).toContain(join('documents', sha256(shared).slice(0, 2), sha256(shared)));
  });

  it('the same new content uploaded twice at once is stored once', async () => {
    const bytes = jpeg('concurrent');
    const [a, b] = await Promise.all([
      upload('staff', { kind: 'photo', name: 'a.jpg' }, bytes, 'image/jpeg', otherFileId),
      upload('staff', { kind: 'photo', name: 'b.jpg', stepId: 'survey' }, bytes, 'image/jpeg', otherFileId),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const hash = sha256(bytes);
    expect((await stored()).filter((p) => p.includes(hash))).toEqual([join('documents', hash.slice(0, 2), hash)]);
  });

  it('another union cannot list or download; the county above can', async () => {
    expect((await get('staff_nx', `/api/files/${fileId}/documents`)).status).toBe(404);
    expect((await get('county_nx', `/api/files/${fileId}/documents`)).status).toBe(404);
    const [doc] = await (await get('staff', `/api/files/${fileId}/documents`)).json();
    expect((await get('staff_nx', `/api/files/${fileId}/documents/${doc.id}/content`)).status).toBe(404);
    expect((await get('county', `/api/files/${fileId}/documents`)).status).toBe(200);
  });

  it('names the required documents a file still lacks (seed 一(三)5)', async () => {
    const all = [
      { kind: 'archive_form', label: '《困难职工档案表》' },
      { kind: 'labor_contract', label: '《劳动合同书》' },
      { kind: 'declaration_form', label: '《家庭财产、收支情况及致困原因申报表》' },
      { kind: 'id_card', label: '申请人身份证复印件' },
      { kind: 'household_register', label: '户口簿复印件' },
    ];
    expect(await missingRequiredDocuments(db.prisma, closedFileId)).toEqual(all);
    // otherFileId has only its labour contract (and a photo would not count).
    const up = async (kind: DocumentKind) => expect((await upload('staff', { kind, name: `${kind}.pdf` }, pdf(`required ${kind}`), 'application/pdf', otherFileId)).status).toBe(201);
    await up('archive_form');
    await up('id_card');
    expect(await missingRequiredDocuments(db.prisma, otherFileId)).toEqual([all[2], all[4]]);
    await expect(assertRequiredDocuments(db.prisma, otherFileId)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: '缺少建档佐证材料：《家庭财产、收支情况及致困原因申报表》、户口簿复印件，请上传后再上报',
    });
    await up('declaration_form');
    await up('household_register');
    expect(await missingRequiredDocuments(db.prisma, otherFileId)).toEqual([]);
    await expect(assertRequiredDocuments(db.prisma, otherFileId)).resolves.toBeUndefined();
  });
});
