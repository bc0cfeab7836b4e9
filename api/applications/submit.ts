import { parseResidentId, normalizeResidentId } from '../../workers/identity/resident-id';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { nextCounter } from '../counters';
import { shanghaiDate } from '../time';
import { findConflict } from '../files/conflicts';
import { ApplicationSchema, type Application } from './application.schema';
import { annualTotalIncome } from './facts';
import type { Tx } from '../db/client';

/** The union chain above a grassroots union that the filing process routes its reviews to. */
export interface OrgChain {
  grassroots: string;
  county: string;
  city: string;
  province: string;
  national: string;
}

export async function orgChain(tx: Tx, grassrootsOrgId: string): Promise<OrgChain> {
  const org = await tx.org.findUniqueOrThrow({ where: { id: grassrootsOrgId } });
  const ids = org.path.split('/').filter(Boolean);
  // path: national / province / city / county-level union / ... / grassroots
  return { national: ids[0], province: ids[1], city: ids[2], county: ids[3] ?? ids[2], grassroots: grassrootsOrgId };
}

function derived(app: Application) {
  const id = parseResidentId(app.applicant.idNumber);
  if (!id.ok) throw new AppError('UNPROCESSABLE', id.error, { 'applicant.idNumber': id.error });
  return { sex: id.sex, birthDate: new Date(`${id.birthDate}T00:00:00Z`) };
}

function normalized(app: Application): Application {
  return {
    ...app,
    applicant: { ...app.applicant, idNumber: normalizeResidentId(app.applicant.idNumber) },
    members: app.members.map((m) => ({ ...m, idNumber: normalizeResidentId(m.idNumber) })),
  };
}

/**
 * 建档申请 (SPEC §5.1): grassroots staff file the household at their own union; the file draft
 * and the filing process start in one transaction. A blacklisted or already-filed person is
 * refused here with the reason, naming only the other file's union.
 */
export async function submitApplication(ctx: AppContext, user: AuthUser, body: unknown, orgId?: string) {
  const staffRoles = user.roles.filter((r) => r.role === 'grassroots_staff');
  if (!staffRoles.length) throw new AppError('FORBIDDEN', '只有基层工会保障工作人员可以提交建档申请');
  const role = orgId ? staffRoles.find((r) => r.orgId === orgId) : staffRoles[0];
  if (!role) throw new AppError('FORBIDDEN', '不能为其他工会提交建档申请');
  const app = normalized(ApplicationSchema.parse(body));
  const { sex, birthDate } = derived(app);
  const now = ctx.clock.now();

  return ctx.db.prisma.$transaction(
    async (tx) => {
      const conflict = await findConflict(tx, [app.applicant.idNumber, ...app.members.map((m) => m.idNumber)]);
      if (conflict) throw new AppError('CONFLICT', conflict.message);
      const day = shanghaiDate(now).replaceAll('-', '');
      const caseNo = `SQ${day}-${String(await nextCounter(tx, `case:${day}`)).padStart(4, '0')}`;
      const orgs = await orgChain(tx, role.orgId);
      // re-entry (issue 10): a household whose file was cancelled files again; the new file links the old one
      const previous = await tx.householdFile.findFirst({ where: { idNumber: app.applicant.idNumber, status: 'cancelled' }, orderBy: [{ closedAt: 'desc' }, { createdAt: 'desc' }], select: { id: true } });
      const file = await tx.householdFile.create({
        data: {
          caseNo,
          previousFileId: previous?.id ?? null,
          status: 'in_review',
          orgId: role.orgId,
          orgPath: role.orgPath,
          applicantName: app.applicant.name,
          idNumber: app.applicant.idNumber,
          sex,
          birthDate,
          phone: app.applicant.phone ?? null,
          mainCause: app.hardship.mainCause,
          householdSize: 1 + app.members.length,
          annualIncome: BigInt(annualTotalIncome(app)),
          perCapitaMonthly: 0,
          form: app as any,
          createdBy: user.id,
          createdAt: now, // the app clock, not the database's: the timeline's windows read it
          members: {
            create: app.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as any })),
          },
        },
      });
      const started = await ctx.engine.startInstance(
        'filing',
        { businessKey: caseNo, orgPath: role.orgPath, variables: { fileId: file.id, caseNo, orgs, regionCode: app.applicant.hukouRegion } },
        tx,
      );
      await tx.householdFile.update({ where: { id: file.id }, data: { processInstanceId: started.instanceId } });
      await audit(tx, user, { action: 'create', entity: 'household_file', entityId: file.id, after: { caseNo, orgId: role.orgId, status: 'in_review', previousFileId: previous?.id ?? null }, orgId: role.orgId }, now);
      return { id: file.id, caseNo, instanceId: started.instanceId };
    },
    { timeout: 30_000 },
  );
}
