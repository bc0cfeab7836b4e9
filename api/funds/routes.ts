import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { listParams, sendList } from '../http/list-params';
import { allocate, createAccount, deposit, getAccount, listAccounts, listTransactions } from './accounts';
import { approveDisbursement, getDisbursement, listDisbursements, payDisbursement, rejectDisbursement, requestDisbursement } from './disbursements';
import { createBatch, exportBatch, getBatch, listBatches } from './batches';
import { fundUsage } from './usage';
import {
  ACCOUNT_SORTABLE,
  AccountFilterSchema,
  BATCH_SORTABLE,
  BatchFilterSchema,
  DISBURSEMENT_SORTABLE,
  DisbursementFilterSchema,
  TRANSACTION_SORTABLE,
  TransactionFilterSchema,
} from './funds.schema';

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const id = (req: Request) => {
  const parsed = IdParam.safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};

/** Fund accounts, disbursements and payment batches (SPEC §4). Money is fen in every body. */
export function fundRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/accounts', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, AccountFilterSchema, ACCOUNT_SORTABLE);
    const { total, rows } = await listAccounts(ctx, user, params);
    sendList(res, 'funds/accounts', params.offset, rows, total);
  });
  r.post('/accounts', async (req, res) => res.status(201).json(await createAccount(ctx, requireUser(req), req.body)));
  r.get('/accounts/:id', async (req, res) => res.json(await getAccount(ctx, requireUser(req), id(req))));
  r.get('/accounts/:id/transactions', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, TransactionFilterSchema, TRANSACTION_SORTABLE);
    const { total, rows } = await listTransactions(ctx, user, id(req), params);
    sendList(res, 'funds/transactions', params.offset, rows, total);
  });
  r.post('/accounts/:id/deposits', async (req, res) => res.status(201).json(await deposit(ctx, requireUser(req), id(req), req.body)));
  r.post('/allocations', async (req, res) => res.status(201).json(await allocate(ctx, requireUser(req), req.body)));

  r.get('/disbursements', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, DisbursementFilterSchema, DISBURSEMENT_SORTABLE);
    const { total, rows } = await listDisbursements(ctx, user, params);
    sendList(res, 'funds/disbursements', params.offset, rows, total);
  });
  r.post('/disbursements', async (req, res) => {
    const { created, disbursement } = await requestDisbursement(ctx, requireUser(req), req.body);
    res.status(created ? 201 : 200).json(disbursement);
  });
  r.get('/disbursements/:id', async (req, res) => res.json(await getDisbursement(ctx, requireUser(req), id(req))));
  r.post('/disbursements/:id/approve', async (req, res) => res.json(await approveDisbursement(ctx, requireUser(req), id(req))));
  r.post('/disbursements/:id/reject', async (req, res) => res.json(await rejectDisbursement(ctx, requireUser(req), id(req), req.body)));
  r.post('/disbursements/:id/pay', async (req, res) => res.json(await payDisbursement(ctx, requireUser(req), id(req))));

  r.get('/usage', async (req, res) => res.json(await fundUsage(ctx, requireUser(req), req.query)));

  r.get('/batches', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, BatchFilterSchema, BATCH_SORTABLE);
    const { total, rows } = await listBatches(ctx, user, params);
    sendList(res, 'funds/batches', params.offset, rows, total);
  });
  r.post('/batches', async (req, res) => res.status(201).json(await createBatch(ctx, requireUser(req), req.body)));
  r.get('/batches/:id', async (req, res) => res.json(await getBatch(ctx, requireUser(req), id(req))));
  r.get('/batches/:id/export', async (req, res) => {
    const { filename, workbook } = await exportBatch(ctx, requireUser(req), id(req));
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="payment-batch-${id(req)}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.setHeader('Cache-Control', 'no-store');
    await workbook.xlsx.write(res);
    res.end();
  });

  return r;
}
