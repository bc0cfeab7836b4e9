import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, uiLogin } from '../support/browser';
import { demoApplication } from '../support/fixtures';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { legacyFile, withoutAnimations } from './helpers';

/** Latin words a screen may show on purpose: the file formats an upload or a download names. */
const ALLOWED = new Set(['PDF', 'JPG', 'PNG']);
/** A translation key that reached the screen instead of its text. */
const RAW_KEY = /\b(?:ra|app|resources)\.[A-Za-z_][\w.-]*/g;

type Finding = { where: string; english: string[]; keys: string[]; errors: string[] };

/**
 * No English on any screen (issue 6 “No English react-admin message shows in the UI”): each role
 * signs in and walks every page of its menu, every tab on it, a file page with every tab and a
 * task page; a visible Latin word of three letters or more that is not a format name, a raw
 * translation key in the text or in an accessible label, or an error shown while nothing was
 * submitted, fails the walk and names the page.
 */
describe('every screen speaks Chinese', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let fileId = '';

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    const c: Record<string, Client> = {};
    for (const u of ['staff', 'city', 'supervisor']) c[u] = await login(sys.url!, u);
    // a household on file with a visit, its income, a request for aid; a case in review; and the three campaigns
    fileId = (await legacyFile(sys, 701, { orgId: '510502-01', filedAt: '2025-03-01', perCapita: 46_667 })).id;
    expect((await c.staff.post(`/api/files/${fileId}/visits`, { visitDate: '2026-02-20', visitors: '李保障、赵帮扶', notes: '春节前走访慰问', incomeObserved: 50_000 })).status).toBe(201);
    expect((await c.staff.put(`/api/files/${fileId}/income`, { month: '2026-01', perCapita: 48_000 })).status).toBe(200);
    const [account] = (await c.staff.get(`/api/funds/accounts?filter=${encodeURIComponent(JSON.stringify({ fileId }))}`)).body;
    expect((await c.staff.post('/api/funds/disbursements', { fileId, accountId: account.id, kind: 'living_aid', amount: 50_000, reason: '春节慰问', idempotencyKey: 'i18n-walk-0001' })).status).toBe(201);
    expect((await c.staff.post('/api/applications', demoApplication(2))).status).toBe(201);
    expect((await c.city.post('/api/cleanup-campaigns', { name: '2026年困难职工档案清理', stockCutoff: '2026-01-01', incrementCutoff: '2026-02-28' })).status).toBe(201);
    expect((await c.city.post('/api/dibao-referrals', {})).status).toBe(201);
    expect((await c.supervisor.post('/api/spot-checks', { orgId: '510502', year: 2026, sharePct: 100, seed: 1 })).status).toBe(201);
    await sys.engine.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  /** Counts the page's requests in flight (the UI fetches everything through `fetch`). */
  function countRequests() {
    const w = window as unknown as { inflight: number };
    w.inflight = 0;
    const original = window.fetch.bind(window);
    window.fetch = (...args: Parameters<typeof fetch>) => {
      w.inflight++;
      return original(...args).finally(() => w.inflight--);
    };
  }

  /** The page once no request is in flight and nothing spins, twice over a short pause (a render may start another). */
  async function settled(page: Page) {
    const quiet = () =>
      page.waitForFunction(() => (window as unknown as { inflight: number }).inflight === 0 && !document.querySelector('.MuiCircularProgress-root, .MuiLinearProgress-indeterminate'), null, {
        polling: 50,
        timeout: 15_000,
      });
    await quiet();
    await page.waitForTimeout(150);
    await quiet();
  }

  /** Screens looked at, per role: the walk must have walked. */
  const visited: Record<string, string[]> = {};

  async function check(page: Page, where: string): Promise<Finding | null> {
    await settled(page);
    const [role] = where.split(' ');
    (visited[role] ??= []).push(where);
    const text = (await page.locator('body').innerText()).replace(/\.(pdf|xlsx|png|jpe?g)\b/gi, '');
    const labels = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[aria-label], [placeholder], [title]'))
        .flatMap((e) => ['aria-label', 'placeholder', 'title'].map((a) => e.getAttribute(a) ?? ''))
        .join('\n'),
    );
    const english = [...new Set((text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w)))];
    const keys = [...new Set([...(text.match(RAW_KEY) ?? []), ...(labels.match(RAW_KEY) ?? [])])];
    // nothing is submitted on the walk: an error shown is a request the screen got wrong
    const errors = await page.locator('.MuiAlert-colorError, .RaNotification-error').allInnerTexts();
    return english.length || keys.length || errors.length ? { where, english, keys, errors } : null;
  }

  /** The page, then each of its tabs in turn. */
  async function walk(page: Page, where: string, findings: Finding[]) {
    const found = await check(page, where);
    if (found) findings.push(found);
    const tabs = page.locator('main [role="tab"], [role="tablist"] [role="tab"]');
    const count = await tabs.count();
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      if (!(await tab.isVisible()) || (await tab.getAttribute('aria-selected')) === 'true') continue;
      const name = (await tab.innerText()).trim();
      await tab.click();
      const inTab = await check(page, `${where} › ${name}`);
      if (inTab) findings.push(inTab);
    }
  }

  async function walkAs(username: string, extra: string[]): Promise<Finding[]> {
    await browser.clearCookies();
    const page = await browser.newPage();
    await withoutAnimations(page);
    await page.addInitScript(countRequests);
    const findings: Finding[] = [];
    try {
      await uiLogin(page, sys.url!, username);
      await settled(page);
      const menu = await page.locator('.RaSidebar-fixed a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(menu.length, `${username} has a menu`).toBeGreaterThan(2);
      const task = (await (await login(sys.url!, username)).get('/api/tasks?range=[0,0]')).body[0];
      const paths = [...new Set([...menu.map((h) => h.slice(1)), ...extra, ...(task ? [`/tasks/${task.id}/show`] : [])])];
      for (const path of paths) {
        await page.goto(`${sys.url}/#${path}`);
        await walk(page, `${username} ${path}`, findings);
      }
    } finally {
      await page.close();
    }
    return findings;
  }

  it.each([
    ['staff', ['/files/FILE/show', '/m/visit', '/m/visit/FILE']],
    ['chair', []],
    ['county', ['/files/FILE/show']],
    ['city', []],
    ['admin', []],
    ['supervisor', []],
  ])('%s: no English word and no raw key on any page of the menu, its tabs, a file and a task', async (username, extra) => {
    const findings = await walkAs(username, extra.map((p) => p.replace('FILE', fileId)));
    expect(findings).toEqual([]);
    // the dashboard, the inbox's five views, and the role's other pages with their tabs
    expect(visited[username].length, visited[username].join('\n')).toBeGreaterThanOrEqual(username === 'admin' ? 10 : 15);
    if (extra.length) expect(visited[username].filter((w) => w.includes(`/files/${fileId}/show ›`)).length).toBe(11);
  });
});
