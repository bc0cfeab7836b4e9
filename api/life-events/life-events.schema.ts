import { z } from 'zod';
import { CANCELLATION_REASONS, TRANSFER_REASONS } from '../../workers/life-events/vocabulary';

/** 申请注销 and 申请转移 (issue 10): what the file's grassroots staff send. */
const note = z.string().trim().max(500, '说明不能超过500个字').default('');

export const CancellationRequestSchema = z
  .object({
    reason: z.enum(CANCELLATION_REASONS, { error: '请选择注销原因' }),
    note,
  })
  .refine((v) => v.reason !== 'untrue_declaration' || !!v.note, { message: '弄虚作假须写明查实的不实之处', path: ['note'] });

export const TransferRequestSchema = z.object({
  toOrgId: z.string({ error: '请选择接收工会' }).min(1, '请选择接收工会').max(40),
  reason: z.enum(TRANSFER_REASONS, { error: '请选择转移原因' }),
  note,
});
