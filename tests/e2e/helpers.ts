/**
 * What the browser tests of the year after filing share: a phone-sized browser, a real photo to
 * upload, pages without animations, a filed household with its two helpers, and the check that
 * a screen speaks Chinese only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { APPROVE, complete, toApproval, toCountyReview, type officials } from '../support/filing';
import { inbox, login, type Client, type TestSystem } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { ApplicationSchema } from '../../api/applications/application.schema';
import { parseResidentId } from '../../workers/identity/resident-id';

/** A phone (390 × 844 CSS pixels, touch, the page's meta viewport honoured), with the flags of TOOLCHAIN.md. */
export function launchPhone(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bf-chromium-phone-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** MUI menus and dialogs usable at once instead of after their animation. */
export async function withoutAnimations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
      document.head.append(style);
    });
  });
}

/** A real PNG (a colour gradient), so that the thumbnail shows and the upload's content check passes. */
export function pngImage(width = 96, height = 72): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = 40 + Math.round((180 * x) / width);
      raw[at + 1] = 120;
      raw[at + 2] = 200 - Math.round((150 * y) / height);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export type Officials = Record<'staff' | 'chair' | 'county' | 'admin', Client>;

export async function someOfficials(sys: TestSystem): Promise<Officials> {
  const [staff, chair, county, admin] = await Promise.all(['staff', 'chair', 'county', 'admin'].map((u) => login(sys.url!, u)));
  return { staff, chair, county, admin };
}

/**
 * A household filed at county level (江阳区 accepts the national criteria at twice the dibao),
 * with 赵帮扶 (`helper`) as first and 孙结对 (`helper2`) as second helper: the filing chain by
 * API, as tests/process/help-cycle.process.test.ts runs it. Call `countyLevelRules` once first.
 */
export async function filedHousehold(sys: TestSystem, o: Officials, seq: number): Promise<{ id: string; caseNo: string; fileNo: string }> {
  const all = o as unknown as Awaited<ReturnType<typeof officials>>;
  const { id, caseNo } = await toApproval(sys, all, seq);
  await toCountyReview(sys, all, caseNo, 'county');
  await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
  const file = (await o.staff.get(`/api/files/${id}`)).body;
  expect(file.status).toBe('filed');
  return { id, caseNo, fileNo: file.fileNo };
}

/** The county's own filing standard, so that a file can be filed at county level without going to the province. */
export async function countyLevelRules(o: Officials): Promise<void> {
  const res = await o.admin.post('/api/level-rule-sets', {
    level: 'county',
    validFrom: '2026-01-01',
    title: '江阳区县级困难职工建档标准（演示）',
    perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
    requireHardshipCause: true,
    netOfExpensesCeiling: null,
    acceptsNationalCriteria: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Words of three or more Latin letters on the screen, except the tokens shown on purpose. */
export async function englishOn(page: Page, allowed: readonly string[] = []): Promise<string[]> {
  const text = (await page.locator('body').innerText()).replace(/\.(pdf|jpe?g|png|xlsx)\b/gi, '');
  const ok = new Set(['PDF', 'JPG', 'PNG', 'JPEG', 'xlsx', 'Excel', ...allowed]);
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ok.has(w));
}

/**
 * A household filed on a given day, written straight to the database as an imported legacy file
 * would be (no filing chain): what campaigns and the year after filing work on.
 */
export async function legacyFile(sys: TestSystem, seq: number, opts: { orgId: string; filedAt: string; perCapita?: number; isDibaoHousehold?: boolean }) {
  const input = demoApplication(seq);
  const app = ApplicationSchema.parse({ ...input, income: { ...input.income, isDibaoHousehold: opts.isDibaoHousehold ?? false } });
  const org = await sys.db.prisma.org.findUniqueOrThrow({ where: { id: opts.orgId } });
  const id = parseResidentId(app.applicant.idNumber);
  if (!id.ok) throw new Error(id.error);
  const at = new Date(`${opts.filedAt}T10:00:00+08:00`);
  return sys.db.prisma.householdFile.create({
    data: {
      caseNo: `SQ${opts.filedAt.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
      fileNo: `${org.id.slice(0, 6)}-${opts.filedAt.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      status: 'filed',
      level: 'national',
      orgId: org.id,
      orgPath: org.path,
      applicantName: app.applicant.name,
      idNumber: app.applicant.idNumber,
      sex: id.sex,
      birthDate: new Date(`${id.birthDate}T00:00:00Z`),
      phone: app.applicant.phone ?? null,
      mainCause: app.hardship.mainCause,
      householdSize: 1 + app.members.length,
      annualIncome: 1_800_000n,
      perCapitaMonthly: opts.perCapita ?? 90_000,
      form: app as object,
      createdBy: 'import',
      createdAt: at,
      filedAt: at,
      members: { create: app.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as object })) },
    },
  });
}

/** The open task of a process instance at a step, as the official's inbox lists it. */
export async function taskIn(c: Client, elementId: string, businessKey: string): Promise<{ id: string; formKey: string }> {
  const list = await inbox(c);
  const task = list.body.find((t: { elementId: string; businessKey: string }) => t.elementId === elementId && t.businessKey === businessKey);
  expect(task, `${c.username} should have ${elementId} of ${businessKey}`).toBeTruthy();
  return task;
}
