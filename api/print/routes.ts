/**
 * Printable documents (SPEC §6, seed attachments 1–5), mounted at /api:
 *
 *   GET /files/:id/print/{archive|declaration|contact-card|certificate}[.pdf]   (?full=1; ?year= picks the plan and
 *                                                                                evaluation of that year, default the latest)
 *   GET /rosters/:id/print[.pdf|.xlsx]                                          (?full=1)
 *   GET /print/print.js                                                         the 打印 button
 *
 * The page and the PDF come from one layout. Personal numbers print masked unless `?full=1`
 * asks for the official record in full; that read is audited like `revealFile`.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { contentDisposition } from '../documents/documents';
import { loadFilePrint, printYear } from './data';
import { FILE_FORMS, PRINT_DOCUMENTS, type PrintDocument } from './forms';
import { renderHtml, PRINT_SCRIPT } from './html';
import type { PrintDoc } from './layout';
import { renderPdf } from './pdf';
import { loadRoster, rosterDoc, rosterWorkbook } from './roster';

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const PrintQuery = z.object({
  full: z.enum(['0', '1', 'true', 'false'], { error: '参数 full 只能是 1 或 0' }).optional(),
  year: z.coerce.number({ error: '年份无效' }).int('年份无效').min(2000, '年份无效').max(2100, '年份无效').optional(),
});

function query(req: Request) {
  const parsed = PrintQuery.safeParse(req.query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_REQUEST', issue.message, { [issue.path.join('.') || 'query']: issue.message });
  }
  return { full: parsed.data.full === '1' || parsed.data.full === 'true', year: parsed.data.year };
}

/** Printed personal data is not cached by the browser or a proxy. */
function privateHeaders(res: Response) {
  res.setHeader('Cache-Control', 'private, no-store');
}

async function send(res: Response, doc: PrintDoc, format: 'html' | 'pdf', pdfHref: string) {
  privateHeaders(res);
  if (format === 'pdf') {
    const body = await renderPdf(doc);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(`${doc.title}.pdf`, 'inline'));
    res.send(body);
    return;
  }
  res.type('html').send(renderHtml(doc, { pdfHref }));
}

/** `archive` → html, `archive.pdf` → pdf; anything else is not a document. */
function parseDoc(raw: string): { doc: PrintDocument; format: 'html' | 'pdf' } | null {
  const format = raw.endsWith('.pdf') ? 'pdf' : 'html';
  const doc = format === 'pdf' ? raw.slice(0, -4) : raw;
  return (PRINT_DOCUMENTS as readonly string[]).includes(doc) ? { doc: doc as PrintDocument, format } : null;
}

export function printRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/print/print.js', (_req, res) => {
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(PRINT_SCRIPT);
  });

  r.get('/files/:id/print/:doc', async (req, res) => {
    const user = requireUser(req);
    const parsed = parseDoc(String(req.params.doc));
    if (!parsed) throw new AppError('NOT_FOUND', '没有这种打印文档（可选：archive 档案表、declaration 申报表、contact-card 联系卡、certificate 认定书）');
    const id = IdParam.safeParse(req.params.id);
    if (!id.success) throw new AppError('NOT_FOUND', '档案不存在');
    const q = query(req);
    const data = await loadFilePrint(ctx, user, id.data, { full: q.full, year: q.year, document: parsed.doc });
    const doc = FILE_FORMS[parsed.doc](data, q.year ?? data.evaluation?.year ?? printYear(ctx));
    const search = new URLSearchParams(Object.entries(req.query).filter(([, v]) => typeof v === 'string') as [string, string][]).toString();
    await send(res, doc, parsed.format, `${parsed.doc}.pdf${search ? `?${search}` : ''}`);
  });

  r.get('/rosters/:id/:doc', async (req, res, next) => {
    const formats: Record<string, 'html' | 'pdf' | 'xlsx'> = { print: 'html', 'print.pdf': 'pdf', 'print.xlsx': 'xlsx' };
    const format = Object.hasOwn(formats, req.params.doc) ? formats[String(req.params.doc)] : undefined;
    if (!format) return next();
    const user = requireUser(req);
    const id = IdParam.safeParse(req.params.id);
    if (!id.success) throw new AppError('NOT_FOUND', '花名册不存在');
    const q = query(req);
    const roster = await loadRoster(ctx, user, id.data, { full: q.full, format });
    if (format === 'xlsx') {
      privateHeaders(res);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', contentDisposition(`${roster.title}-${roster.orgName}.xlsx`));
      res.send(await rosterWorkbook(roster));
      return;
    }
    await send(res, rosterDoc(roster), format, `print.pdf${q.full ? '?full=1' : ''}`);
  });

  return r;
}
