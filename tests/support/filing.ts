import { expect } from 'vitest';
import { inbox, login, type Client } from './system';
import { demoApplication } from './fixtures';
import type { TestSystem as Sys } from './system';

/** The officials of the demo tree, logged in. */
export async function officials(sys: Sys) {
  const names = ['staff', 'chair', 'helper', 'county', 'city', 'province', 'national', 'staff2', 'staff_nx', 'county_nx', 'supervisor', 'admin'] as const;
  const clients = await Promise.all(names.map((n) => login(sys.url!, n)));
  return Object.fromEntries(names.map((n, i) => [n, clients[i]])) as Record<(typeof names)[number], Client>;
}

export async function userId(sys: Sys, username: string): Promise<string> {
  return (await sys.db.prisma.user.findUniqueOrThrow({ where: { username } })).id;
}

/** Finds the case's open task at a step in the official's inbox (fails the test when absent). */
export async function taskAt(c: Client, elementId: string, caseNo: string) {
  const list = await inbox(c);
  const task = list.body.find((t: any) => t.elementId === elementId && t.businessKey === caseNo);
  expect(task, `${c.username} should have ${elementId} of ${caseNo}`).toBeTruthy();
  return task;
}

export async function complete(sys: Sys, c: Client, elementId: string, caseNo: string, variables: Record<string, unknown>) {
  const task = await taskAt(c, elementId, caseNo);
  const res = await c.post(`/api/tasks/${task.id}/complete`, { variables });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await sys.engine.drain();
  return task;
}

export const SURVEY = { visitDate: '2026-03-03', visitors: '李保障、赵帮扶', findings: '入户核实，家中确有重病患者，收支情况属实', factsConfirmed: true };
export const APPROVE = { decision: 'approve', comment: '' };

/** Submits an application and runs it to the chair's approval task (survey, helpers, 公示 without objection). */
export async function toApproval(sys: Sys, o: Awaited<ReturnType<typeof officials>>, seq: number, overrides: Parameters<typeof demoApplication>[1] = {}) {
  const created = await o.staff.post('/api/applications', demoApplication(seq, overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id, caseNo } = created.body;
  await sys.engine.drain();
  await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
  await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
  const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
  expect(file.publicityEndsAt).toBeTruthy();
  if (file.publicityEndsAt! > sys.clock.now()) sys.clock.set(file.publicityEndsAt!);
  await sys.engine.drain();
  return { id, caseNo };
}

/** A small valid PDF: what a scanned paper form looks like to the upload's content check. */
export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export const REQUIRED_KINDS = ['archive_form', 'labor_contract', 'declaration_form', 'id_card', 'household_register'];

/** Uploads the five documents of seed 一(三)5 (each with distinct bytes). */
export async function uploadEvidence(c: Client, fileId: string) {
  for (const kind of REQUIRED_KINDS) {
    const body = new Uint8Array([...PDF, ...new TextEncoder().encode(`% ${kind} ${fileId}\n`)]);
    const res = await c.upload(`/api/files/${fileId}/documents?kind=${kind}&name=${encodeURIComponent(kind + '.pdf')}`, body, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  }
}

/** A department's answer that agrees with the declaration, for every person of the household. */
export async function neutralFindings(sys: Sys, fileId: string, department: string) {
  const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId }, include: { members: true } });
  const ids = [file.idNumber, ...file.members.map((m) => m.idNumber)];
  const neutral: Record<string, object> = {
    civil_affairs: { isDibao: false },
    housing: { homesOwned: 0 },
    hrss: { insured: false },
    police: { registered: true, vehicles: 0 },
    tax: { annualIncome: 0 },
  };
  return { persons: ids.map((idNumber) => ({ idNumber, ...neutral[department] })) };
}

const MANUAL: Record<string, string> = {
  manual_civilAffairs: 'civil_affairs',
  manual_housing: 'housing',
  manual_hrss: 'hrss',
  manual_police: 'police',
  manual_tax: 'tax',
};

/** From the chair's approval through the report and the five department checks to the county's review. */
export async function toCountyReview(sys: Sys, o: Awaited<ReturnType<typeof officials>>, caseNo: string, filingLevel = 'national') {
  await complete(sys, o.chair, 'grassrootsApproval', caseNo, APPROVE);
  const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { caseNo } });
  if ((await sys.db.prisma.document.count({ where: { fileId: file.id } })) < REQUIRED_KINDS.length) await uploadEvidence(o.staff, file.id);
  await complete(sys, o.staff, 'reportUpward', caseNo, { filingLevel, confirmed: true });
  // Departments without a connector are checked by hand: the county reviewer enters the reply letter.
  for (const t of (await inbox(o.county)).body.filter((t: any) => t.businessKey === caseNo && MANUAL[t.elementId])) {
    const department = MANUAL[t.elementId];
    const letter = await o.county.upload(`/api/files/${file.id}/documents?kind=reply_letter&name=${department}.pdf&stepId=${t.elementId}`, new Uint8Array([...PDF, ...new TextEncoder().encode(`% ${department} ${t.id}\n`)]), 'application/pdf');
    expect(letter.status, JSON.stringify(letter.body)).toBeLessThan(300);
    const res = await o.county.post(`/api/tasks/${t.id}/complete`, { variables: { findings: await neutralFindings(sys, file.id, department), letterDocumentId: letter.body.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  await sys.engine.drain();
}
