/**
 * Evidence documents (建档佐证材料, seed 一(三)5) and photos of a household file, stored by content
 * hash under the documents directory (`${DATA_DIR}/documents/<sha256[0..2]>/<sha256>`).
 *
 * The type is decided by the bytes (magic numbers), never by the name or the declared type; the
 * name is display-only and never reaches a path, so path traversal is impossible. Every refusal
 * happens before anything is written; a blob written for an upload whose row then fails is removed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import type { AuthUser } from '../auth/session';
import { hasRole } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { findVisibleFile } from '../files/files';

export const DOCUMENT_KINDS = ['archive_form', 'labor_contract', 'declaration_form', 'id_card', 'household_register', 'photo', 'reply_letter', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  archive_form: '《困难职工档案表》',
  labor_contract: '《劳动合同书》',
  declaration_form: '《家庭财产、收支情况及致困原因申报表》',
  id_card: '申请人身份证复印件',
  household_register: '户口簿复印件',
  photo: '照片',
  reply_letter: '部门复函',
  other: '其他材料',
};

/** Seed 一(三)5: what an applicant hands in, and what goes upward with the report. */
export const REQUIRED_DOCUMENTS: ReadonlyArray<{ kind: DocumentKind; label: string }> = (
  ['archive_form', 'labor_contract', 'declaration_form', 'id_card', 'household_register'] as const
).map((kind) => ({ kind, label: DOCUMENT_KIND_LABELS[kind] }));

const MiB = 1024 * 1024;
/** Size limits in bytes: scans of the paper forms and phone photos, with room to spare. */
export const UPLOAD_LIMITS = { document: 10 * MiB, photo: 5 * MiB } as const;
export type UploadLimits = { document: number; photo: number };

export const DOCUMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMime = (typeof DOCUMENT_MIME_TYPES)[number];
const PHOTO_MIME_TYPES: readonly DocumentMime[] = ['image/jpeg', 'image/png'];

export const limitFor = (kind: DocumentKind, limits: UploadLimits = UPLOAD_LIMITS) => (kind === 'photo' ? limits.photo : limits.document);
export const formatMiB = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MB`;

/** The type the bytes say, or null when they are none of PDF, JPEG, PNG. */
export function sniffMime(bytes: Uint8Array): DocumentMime | null {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** An upload refused for its body: 400 empty, 413 too large, 415 not an accepted type. The field is `file`. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export const tooLarge = (kind: DocumentKind, limits: UploadLimits = UPLOAD_LIMITS) =>
  new UploadRefused(413, `文件过大：${kind === 'photo' ? '照片' : '证明材料'}不能超过 ${formatMiB(limitFor(kind, limits))}`);
export const emptyUpload = () => new UploadRefused(400, '文件为空，请选择要上传的文件');

const STEP_ID = /^[A-Za-z_][\w.-]{0,63}$/;

export const UploadQuerySchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: '请选择材料类别' }),
  name: z.string({ error: '文件名无效' }).max(255, '文件名不能超过255个字符').optional(),
  stepId: z.string({ error: '流程步骤无效' }).regex(STEP_ID, '流程步骤无效').optional(),
});
export type UploadQuery = z.infer<typeof UploadQuerySchema>;

export const ListQuerySchema = z.object({
  stepId: z.string({ error: '流程步骤无效' }).regex(STEP_ID, '流程步骤无效').optional(),
  kind: z.enum(DOCUMENT_KINDS, { error: '材料类别无效' }).optional(),
});

/**
 * Who may upload which kinds, within the file's org subtree. Grassroots staff hand in the
 * applicant's papers; helpers bring visit photos; reviewers (county, city, upper) may add any
 * kind, and only they receive departments' reply letters. Chairs, admins and supervisors read.
 */
const ALL_BUT_LETTERS = DOCUMENT_KINDS.filter((k) => k !== 'reply_letter');
export const UPLOAD_KINDS_BY_ROLE: Readonly<Record<string, readonly DocumentKind[]>> = {
  grassroots_staff: ALL_BUT_LETTERS,
  helper: ['photo', 'other'],
  county_reviewer: DOCUMENT_KINDS,
  city_reviewer: DOCUMENT_KINDS,
  upper_reviewer: DOCUMENT_KINDS,
};

const CLOSED_STATUSES = ['refused', 'cancelled'];

/** Display name only: no directories, no control characters; the kind's label when nothing is left. */
export function displayName(raw: string | undefined, kind: DocumentKind, mime: DocumentMime): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  if (clean && clean !== '.' && clean !== '..') return clean;
  const ext = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[mime];
  return `${DOCUMENT_KIND_LABELS[kind].replace(/[《》]/g, '')}.${ext}`;
}

export function documentPath(dir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(dir, sha256.slice(0, 2), sha256);
}

export interface DocumentStore {
  /** the documents directory, e.g. `${DATA_DIR}/documents` */
  dir: string;
  limits?: UploadLimits;
}

type DocumentRow = { id: string; fileId: string; kind: string; stepId: string | null; name: string; mime: string; size: number; sha256: string; uploadedBy: string; createdAt: Date };

export function documentView(d: DocumentRow, uploaderName?: string | null) {
  return {
    id: d.id,
    fileId: d.fileId,
    kind: d.kind,
    kindLabel: DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind,
    stepId: d.stepId,
    name: d.name,
    mime: d.mime,
    size: d.size,
    sha256: d.sha256,
    uploadedBy: d.uploadedBy,
    uploaderName: uploaderName ?? null,
    createdAt: d.createdAt,
    contentUrl: `/api/files/${d.fileId}/documents/${d.id}/content`,
  };
}
export type DocumentView = ReturnType<typeof documentView>;

/**
 * The file the caller may add a document of this kind to: 404 outside their org scope, 403 for a
 * role without the right, 409 on a closed file. Called before the body is read.
 */
export async function authorizeUpload(ctx: AppContext, user: AuthUser, fileId: string, kind: DocumentKind) {
  const file = await findVisibleFile(ctx, user, fileId);
  const allowed = Object.entries(UPLOAD_KINDS_BY_ROLE).some(([role, kinds]) => kinds.includes(kind) && hasRole(user, role, file.orgPath));
  if (!allowed) throw new AppError('FORBIDDEN', `您无权为该档案上传${DOCUMENT_KIND_LABELS[kind]}`);
  if (CLOSED_STATUSES.includes(file.status)) throw new AppError('CONFLICT', '档案已不予建档或已注销，不能再上传材料');
  return file;
}

/** The body's type for this kind, or the refusal saying what is accepted. */
export function checkContent(kind: DocumentKind, body: Buffer, limits: UploadLimits = UPLOAD_LIMITS): DocumentMime {
  if (body.length === 0) throw emptyUpload();
  if (body.length > limitFor(kind, limits)) throw tooLarge(kind, limits);
  const mime = sniffMime(body);
  if (kind === 'photo') {
    if (!mime || !PHOTO_MIME_TYPES.includes(mime)) throw new UploadRefused(415, '照片须为 JPG 或 PNG 图片（按文件内容识别）');
  } else if (!mime) {
    throw new UploadRefused(415, '文件类型不支持：只接受 PDF、JPG、PNG 文件（按文件内容识别，与文件名无关）');
  }
  return mime;
}

/** Writes the blob once: temp name in the same directory, then rename. Returns whether it is new. */
async function writeBlob(dir: string, sha256: string, body: Buffer): Promise<boolean> {
  const path = documentPath(dir, sha256);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === body.length) return false;
  await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, body, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  return true;
}

/**
 * Stores an upload already authorised by `authorizeUpload`: the blob, then the row and its audit
 * in one transaction. The same content uploaded again for the same file, kind and step returns
 * the existing document (`created: false`) and writes nothing.
 */
export async function storeDocument(
  ctx: AppContext,
  store: DocumentStore,
  user: AuthUser,
  file: { id: string; orgId: string },
  input: { kind: DocumentKind; name?: string; stepId?: string; body: Buffer },
): Promise<{ document: DocumentView; created: boolean }> {
  const mime = checkContent(input.kind, input.body, store.limits);
  const sha256 = createHash('sha256').update(input.body).digest('hex');
  const name = displayName(input.name, input.kind, mime);
  const stepId = input.stepId ?? null;
  const blobCreated = await writeBlob(store.dir, sha256, input.body);
  const now = ctx.clock.now();
  try {
    return await ctx.db.prisma.$transaction(async (tx) => {
      const same = await tx.document.findFirst({ where: { fileId: file.id, kind: input.kind, stepId, sha256 } });
      if (same) return { document: documentView(same, same.uploadedBy === user.id ? user.displayName : null), created: false };
      const doc = await tx.document.create({
        data: { fileId: file.id, kind: input.kind, stepId, name, mime, size: input.body.length, sha256, uploadedBy: user.id, createdAt: now },
      });
      await audit(tx, user, { action: 'upload', entity: 'document', entityId: doc.id, after: { fileId: file.id, kind: doc.kind, stepId, name, mime, size: doc.size, sha256 }, orgId: file.orgId }, now);
      return { document: documentView(doc, user.displayName), created: true };
    });
  } catch (err) {
    // Nothing left behind: the blob goes unless another row already points at the same content.
    // (A crash between the write and the commit leaves an unreferenced blob, harmless and
    // overwritten by the same content later.)
    if (blobCreated && (await ctx.db.prisma.document.count({ where: { sha256 } })) === 0) {
      await unlink(documentPath(store.dir, sha256)).catch(() => {});
    }
    throw err;
  }
}

/** Authorise and store in one call, for callers that already hold the body. */
export async function uploadDocument(ctx: AppContext, store: DocumentStore, user: AuthUser, fileId: string, input: { kind: DocumentKind; name?: string; stepId?: string; body: Buffer }) {
  const file = await authorizeUpload(ctx, user, fileId, input.kind);
  return storeDocument(ctx, store, user, file, input);
}

/** A file's documents, oldest first; scoped by the file (another union's file is a 404). */
export async function listDocuments(ctx: AppContext, user: AuthUser, fileId: string, filter: z.infer<typeof ListQuerySchema> = {}): Promise<DocumentView[]> {
  await findVisibleFile(ctx, user, fileId);
  const prisma = ctx.db.prisma;
  const rows = await prisma.document.findMany({
    where: { fileId, ...(filter.stepId && { stepId: filter.stepId }), ...(filter.kind && { kind: filter.kind }) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const uploaders = await prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.uploadedBy))] } }, select: { id: true, displayName: true } });
  const names = new Map(uploaders.map((u) => [u.id, u.displayName]));
  return rows.map((r) => documentView(r, names.get(r.uploadedBy)));
}

/**
 * Opens a document's content for download. The copies carry full personal data (ID card,
 * household register), so every download is audited (PIPL, issue 7).
 */
export async function openDocument(ctx: AppContext, store: DocumentStore, user: AuthUser, fileId: string, docId: string): Promise<{ document: DocumentView; stream: ReadStream }> {
  const file = await findVisibleFile(ctx, user, fileId);
  const doc = await ctx.db.prisma.document.findFirst({ where: { id: docId, fileId: file.id } });
  if (!doc) throw new AppError('NOT_FOUND', '材料不存在');
  const path = documentPath(store.dir, doc.sha256);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    console.error(`[documents] content of document ${doc.id} missing at ${path}`);
    throw new AppError('NOT_FOUND', '材料文件已丢失，请重新上传');
  }
  await ctx.db.prisma.$transaction((tx) =>
    audit(tx, user, { action: 'download', entity: 'document', entityId: doc.id, after: { fileId: file.id, kind: doc.kind }, orgId: file.orgId }, ctx.clock.now()),
  );
  return { document: documentView(doc), stream: createReadStream(path) };
}

/**
 * The required documents (seed 一(三)5) a file still lacks, in the seed's order. Reporting
 * upward is refused while this is not empty. `db` is the Prisma client or a transaction.
 */
export async function missingRequiredDocuments(db: Tx, fileId: string): Promise<Array<{ kind: DocumentKind; label: string }>> {
  const present = await db.document.findMany({ where: { fileId, kind: { in: REQUIRED_DOCUMENTS.map((d) => d.kind) } }, select: { kind: true }, distinct: ['kind'] });
  const have = new Set(present.map((p) => p.kind));
  return REQUIRED_DOCUMENTS.filter((d) => !have.has(d.kind)).map((d) => ({ ...d }));
}

/** Throws a 422 naming every missing required document; for the "report upward" step. */
export async function assertRequiredDocuments(db: Tx, fileId: string): Promise<void> {
  const missing = await missingRequiredDocuments(db, fileId);
  if (!missing.length) return;
  const message = `缺少建档佐证材料：${missing.map((m) => m.label).join('、')}，请上传后再上报`;
  throw new AppError('UNPROCESSABLE', message, { documents: message });
}

/** RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
