/**
 * The year's organisation (issue 10, part B): work plans, campaign timelines, the fund clean-up
 * report, statistics reported upward, the yearly assessment and the record book.
 *
 *   GET/POST /work-plans, GET /work-plans/:id
 *   GET/POST /timelines, GET /timelines/:id (progress), GET /timelines/:id/missed
 *   GET /fund-cleanup?cutoff=YYYY-MM-DD[&orgId=][&format=json|html|pdf|xlsx]
 *   GET/POST /stat-reports, GET /stat-reports/aggregate?orgId&period[&format=xlsx],
 *   GET /stat-reports/:id, GET /stat-reports/:id/export?format=xlsx|html|pdf, POST /stat-reports/:id/{submit|review}
 *   GET/POST /assessments, POST /assessments/:id/confirm
 *   GET /record-book?orgId&year&format=json|html|pdf|xlsx
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { listParams, sendList } from '../http/list-params';
import { contentDisposition } from '../documents/documents';
import { renderHtml } from '../print/html';
import { renderPdf } from '../print/pdf';
import { getWorkPlan, listWorkPlans, startWorkPlans } from './work-plans';
import { campaignProgress, createCampaign, listCampaigns, missedMilestones } from './timeline';
import { fundCleanup, fundCleanupDoc, fundCleanupFilename, fundCleanupXlsx } from './fund-cleanup';
import { aggregateReports, aggregateXlsx, generateReport, getReport, listReports, reportDoc, reportXlsx, reviewReport, submitReport } from './stat-reports';
import type { PrintDoc } from '../print/layout';
import { computeAssessments, confirmAssessment, listAssessments } from './assessments';
import { recordBook, recordBookDoc, recordBookXlsx } from './record-book';
import { AggregateQuerySchema, ExportFormatSchema, RecordBookQuerySchema } from './year.schema';

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const param = (req: Request, name: string) => {
  const parsed = IdParam.safeParse(req.params[name]);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};
/** `?year=2026` or react-admin's `?filter={"year":2026}`: the two spellings of one query. */
const query = (req: Request) => {
  const { filter } = listParams(req, z.record(z.string(), z.unknown()), []);
  const { filter: _f, range: _r, sort: _s, ...rest } = req.query as Record<string, unknown>;
  return { ...filter, ...rest };
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
function sendXlsx(res: Response, body: Buffer, filename: string) {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Type', XLSX);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.send(body);
}

/** A printed document as an A4 page (with its 打印 and PDF buttons) or as the PDF itself. */
async function sendDoc(res: Response, doc: PrintDoc, format: 'html' | 'pdf', pdfHref: string) {
  res.setHeader('Cache-Control', 'private, no-store');
  if (format === 'pdf') {
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(`${doc.title}.pdf`, 'inline'));
    return void res.send(await renderPdf(doc));
  }
  res.type('html').send(renderHtml(doc, { pdfHref }));
}

export function yearRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/work-plans', async (req, res) => {
    const rows = await listWorkPlans(ctx, requireUser(req), query(req));
    sendList(res, 'work-plans', 0, rows, rows.length);
  });
  r.post('/work-plans', async (req, res) => res.status(201).json(await startWorkPlans(ctx, requireUser(req), req.body)));
  r.get('/work-plans/:id', async (req, res) => res.json(await getWorkPlan(ctx, requireUser(req), param(req, 'id'))));

  r.get('/timelines', async (req, res) => {
    const rows = await listCampaigns(ctx, requireUser(req));
    sendList(res, 'timelines', 0, rows, rows.length);
  });
  r.post('/timelines', async (req, res) => res.status(201).json(await createCampaign(ctx, requireUser(req), req.body)));
  r.get('/timelines/:id', async (req, res) => res.json(await campaignProgress(ctx, requireUser(req), param(req, 'id'))));
  r.get('/timelines/:id/missed', async (req, res) => {
    const rows = await missedMilestones(ctx, requireUser(req), param(req, 'id'));
    sendList(res, 'missed-milestones', 0, rows, rows.length);
  });

  r.get('/fund-cleanup', async (req, res) => {
    const sheet = await fundCleanup(ctx, requireUser(req), query(req));
    if (sheet.format === 'json') return void sendList(res, 'fund-cleanup', 0, sheet.rows, sheet.rows.length);
    if (sheet.format === 'xlsx') return sendXlsx(res, await fundCleanupXlsx(sheet), fundCleanupFilename(sheet, 'xlsx'));
    const again = new URLSearchParams({ cutoff: sheet.cutoff, ...(sheet.orgId && { orgId: sheet.orgId }), format: 'pdf' });
    await sendDoc(res, fundCleanupDoc(sheet), sheet.format, `fund-cleanup?${again}`);
  });

  r.get('/stat-reports', async (req, res) => {
    const rows = await listReports(ctx, requireUser(req), query(req));
    sendList(res, 'stat-reports', 0, rows, rows.length);
  });
  r.post('/stat-reports', async (req, res) => res.status(201).json(await generateReport(ctx, requireUser(req), req.body)));
  r.get('/stat-reports/aggregate', async (req, res) => {
    const user = requireUser(req);
    const q = AggregateQuerySchema.parse(req.query);
    if (q.format === 'json') return void res.json(await aggregateReports(ctx, user, q));
    const { body, filename } = await aggregateXlsx(ctx, user, q);
    sendXlsx(res, body, filename);
  });
  r.get('/stat-reports/:id', async (req, res) => res.json(await getReport(ctx, requireUser(req), param(req, 'id'))));
  r.get('/stat-reports/:id/export', async (req, res) => {
    const user = requireUser(req);
    const { format } = ExportFormatSchema.parse(req.query);
    if (format === 'xlsx') {
      const { body, filename } = await reportXlsx(ctx, user, param(req, 'id'));
      return sendXlsx(res, body, filename);
    }
    await sendDoc(res, await reportDoc(ctx, user, param(req, 'id')), format, `export?format=pdf`);
  });
  r.post('/stat-reports/:id/submit', async (req, res) => res.json(await submitReport(ctx, requireUser(req), param(req, 'id'))));
  r.post('/stat-reports/:id/review', async (req, res) => res.json(await reviewReport(ctx, requireUser(req), param(req, 'id'), req.body)));

  r.get('/assessments', async (req, res) => {
    const rows = await listAssessments(ctx, requireUser(req), query(req));
    sendList(res, 'assessments', 0, rows, rows.length);
  });
  r.post('/assessments', async (req, res) => res.status(201).json(await computeAssessments(ctx, requireUser(req), req.body)));
  r.post('/assessments/:id/confirm', async (req, res) => res.json(await confirmAssessment(ctx, requireUser(req), param(req, 'id'), req.body)));

  r.get('/record-book', async (req, res) => {
    const user = requireUser(req);
    const q = RecordBookQuerySchema.parse(req.query);
    const book = await recordBook(ctx, user, q.orgId, q.year);
    if (q.format === 'json') return void res.json(book);
    if (q.format === 'xlsx') return sendXlsx(res, await recordBookXlsx(book), `${book.orgName}${book.year}年帮扶情况记录簿.xlsx`);
    await sendDoc(res, recordBookDoc(book), q.format, `record-book?orgId=${encodeURIComponent(q.orgId)}&year=${q.year}&format=pdf`);
  });

  return r;
}
