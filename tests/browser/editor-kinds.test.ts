import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { testToken } from '../support/web.js';
import { fieldError, openKind, pick, signIn, startEditorStack, type EditorStack } from './editor-helpers.js';

/**
 * Organisations, people, programmes and partnerships in the editor (production-mode gateway):
 * for each, create → edit → delete → undo delete, checked against the API; then the phone
 * layout, keyboard focus, and axe-core on each view in English and Russian.
 */

interface Case {
  kind: string;
  noun: string;
  label: string;
  fill(page: Page): Promise<void>;
  edit(page: Page): Promise<unknown>;
  /** Reads the record back: the fields the steps set. */
  read: string;
  created: Record<string, unknown>;
  edited: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    kind: 'organisations',
    noun: 'organisation',
    label: 'Browser trade union',
    fill: async (page) => {
      await page.locator('#f-name').fill('Browser trade union');
      await page.locator('#f-acronym').fill('BTU');
      await page.locator('#f-constituentGroup').selectOption('WORKERS');
    },
    edit: (page) => page.locator('#f-acronym').fill('BTU-KG'),
    read: 'acronym constituentGroup',
    created: { acronym: 'BTU', constituentGroup: 'WORKERS' },
    edited: { acronym: 'BTU-KG', constituentGroup: 'WORKERS' },
  },
  {
    kind: 'people',
    noun: 'person',
    label: 'Айгуль Браузерова',
    fill: async (page) => {
      await page.locator('#f-name').fill('Айгуль Браузерова');
      await page.locator('#f-email').fill('aigul@example.org');
      await page.locator('#f-roles-add').click();
      await page.locator('#f-roles-0-title').fill('Национальный координатор');
      await page.locator('#f-roles-0-title-lang').selectOption('ru');
      await page.locator('#f-roles-0-kind').selectOption('POSITION');
      await pick(page, 'f-roles-0-organisation');
    },
    edit: (page) => page.locator('#f-phone').fill('+996 312 000000'),
    read: 'email phone roles { kind title { original originalLang } organisation { id } }',
    created: {
      email: 'aigul@example.org',
      phone: null,
      roles: [expect.objectContaining({ kind: 'POSITION', title: { original: 'Национальный координатор', originalLang: 'ru' } })],
    },
    edited: { phone: '+996 312 000000' },
  },
  {
    kind: 'programmes',
    noun: 'programme',
    label: 'Browser decent work programme',
    fill: async (page) => {
      await page.locator('#f-title').fill('Browser decent work programme');
      await page.locator('#f-status').selectOption('PIPELINE');
      await page.locator('#f-statusAsOf').fill('2026-11-01');
      await page.locator('#f-startDate').fill('2026-01-01');
      await page.locator('#f-endDate').fill('2027-12-31');
      await page.locator('#f-objectives-add').click();
      await page.locator('#f-objectives-0').fill('More decent jobs for young people');
      await page.locator('#f-objectives-0-lang').selectOption('en');
    },
    edit: (page) => page.locator('#f-status').selectOption('IMPLEMENTATION'),
    read: 'status statusAsOf startDate endDate objectives { original }',
    created: {
      status: 'PIPELINE',
      statusAsOf: '2026-11-01',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      objectives: [{ original: 'More decent jobs for young people' }],
    },
    edited: { status: 'IMPLEMENTATION' },
  },
  {
    kind: 'partnerships',
    noun: 'partnership',
    label: 'Browser-made partnership',
    fill: async (page) => {
      await pick(page, 'f-organisationId');
      await page.locator('#f-role').selectOption('FUNDING');
      await page.locator('#f-description').fill('Browser-made partnership');
      await page.locator('#f-description-lang').selectOption('en');
    },
    edit: (page) => page.locator('#f-role').selectOption('IMPLEMENTING'),
    read: 'role basis',
    created: { role: 'FUNDING', basis: 'DECLARED' },
    edited: { role: 'IMPLEMENTING' },
  },
];

describeInBrowser('country editor: every record type', () => {
  let stack: EditorStack;
  let tab: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    stack = await startEditorStack(['KG']);
    tab = await openPage(stack.browser);
    page = tab.page;
    await page.goto(stack.url());
    await signIn(page, await testToken('KG'));
  }, 180000);
  afterAll(async () => {
    await stack?.stop();
  });

  const read = async (c: Case, id: string) => (await stack.fed.query(`query($id: ID!) { ${c.noun}(id: $id) { version ${c.read} } }`, { id })).data[c.noun];

  for (const c of CASES) {
    test(`${c.kind}: create → edit → delete → undo delete`, async () => {
      await openKind(page, c.kind);
      await c.fill(page);
      await page.locator('.editor-form button[type="submit"]').click();
      const saved = page.locator('.editor-form .saved');
      await saved.getByText(/^Saved as KG:/).waitFor();
      const id = (await saved.textContent())!.replace(/^Saved as (.*)\.$/, '$1');
      expect(await read(c, id)).toMatchObject({ version: 1, ...c.created });

      await page.locator(`.record-list li[data-id="${id}"] button`).click();
      await page.locator('#f-version').getByText('1').waitFor();
      await c.edit(page);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await saved.getByText('Saved: now version 2.').waitFor();
      expect(await read(c, id)).toMatchObject({ version: 2, ...c.edited });

      await page.locator(`.record-list li[data-id="${id}"] button`).click();
      await page.locator('#f-version').getByText('2').waitFor();
      await page.getByRole('button', { name: 'Delete…' }).click();
      expect(await page.locator('#confirm-text').textContent()).toBe(
        `Delete "${c.label}" (${id}, version 2)? It can be brought back from "Recently deleted" for a while.`,
      );
      await page.locator('dialog.confirm').getByRole('button', { name: 'Delete', exact: true }).click();
      await page.locator('#pane-status').getByText(`Deleted "${c.label}".`).waitFor();
      expect(await read(c, id)).toBeNull();

      await page
        .locator(`.deleted-list li[data-id="${id}"]`)
        .getByRole('button', { name: /Undo delete/ })
        .click();
      await page.locator('#pane-status').getByText(`Brought back ${id} as version 3.`).waitFor();
      expect(await read(c, id)).toMatchObject({ version: 3, ...c.edited });
      await page.locator('#f-version').getByText('3').waitFor();
    });
  }

  test('an address that is not an e-mail is refused next to the field, nothing sent', async () => {
    await openKind(page, 'people');
    await page.getByRole('button', { name: 'New person' }).click();
    await page.locator('#f-name').fill('No mail');
    await page.locator('#f-email').fill('aigul at example');
    const before = tab.requests.length;
    await page.getByRole('button', { name: 'Create person' }).click();
    await fieldError(page, 'email').waitFor();
    expect(await fieldError(page, 'email').textContent()).toBe('This is not an e-mail address: it needs a name, an @ and a domain, like name@example.org.');
    expect(await page.locator('#f-email').evaluate((el) => (globalThis as any).document.activeElement === el)).toBe(true);
    expect(tab.requests.length).toBe(before);
  });

  test('search, filter, order and "Show more" page through the list by cursor', async () => {
    // More than one page (50): the seed has fewer, so an office's week of work is added first.
    const auth = { authorization: `Bearer ${await testToken('KG')}` };
    for (let i = 0; i < 55; i++) {
      const r = await stack.fed.query(
        'mutation($input: EventInput!) { createEvent(input: $input) { id } }',
        {
          input: {
            country: 'KG',
            title: { lang: 'en', text: `Paging check ${i}` },
            type: 'BRIEFING',
            startDate: `2025-02-${String((i % 28) + 1).padStart(2, '0')}`,
          },
        },
        auth,
      );
      expect(r.errors).toBeUndefined();
    }
    await openKind(page, 'organisations');
    await openKind(page, 'events');
    const { data } = await stack.fed.query('{ events(filter: { countries: [KG] }) { totalCount } }');
    expect(data.events.totalCount).toBeGreaterThan(55);
    await page.locator('#list-count').getByText(`${data.events.totalCount} records`).waitFor();
    expect(await page.locator('.record-list li').count()).toBe(50);
    await page.locator('#list-more').click();
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.record-list li').length === n, Math.min(100, data.events.totalCount));
    const ids = await page.$$eval('.record-list li', (lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);

    await page.locator('#list-q').fill('Paging check 5');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .locator('#list-count')
      .getByText(/^6 records$/)
      .waitFor(); // 5, 50–54
    await page.locator('#list-q').fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    await page.locator('#list-types').selectOption('MEETING');
    const meetings = (await stack.fed.query('{ events(filter: { countries: [KG], types: [MEETING] }) { totalCount } }')).data.events.totalCount;
    await page
      .locator('#list-count')
      .getByText(new RegExp(`^${meetings} records?$`))
      .waitFor();
    await page.locator('#list-order').selectOption('START_DATE_ASC');
    const first = (await stack.fed.query('{ events(filter: { countries: [KG], types: [MEETING] }, orderBy: START_DATE_ASC, first: 1) { nodes { id } } }')).data
      .events.nodes[0].id;
    await page.waitForFunction((id) => (globalThis as any).document.querySelector('.record-list li')?.getAttribute('data-id') === id, first);
  });

  test('keyboard only: a row opens its form with focus on it, the next Tab is its first field, focus is visible, Escape keeps a record', async () => {
    await openKind(page, 'organisations');
    const row = page.locator('.record-list li button').first();
    await row.focus();
    await page.keyboard.press('Enter');
    await page.locator('#f-version').waitFor();
    const active = () => page.evaluate(() => (globalThis as any).document.activeElement?.id);
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'form-title');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('f-name');
    const outline = await page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      const style = (globalThis as any).getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');
    const id = await page.locator('.record-list li[aria-current="true"]').getAttribute('data-id');
    await page.getByRole('button', { name: 'Delete…' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog.confirm[open]').waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Escape');
    await page.locator('dialog.confirm[open]').waitFor({ state: 'detached' });
    expect((await stack.fed.query('query($id: ID!) { organisation(id: $id) { id } }', { id })).data.organisation).toEqual({ id });
  });

  test('on a 390 px phone: nothing wider than the screen, and tapping a record brings its form into view', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(stack.url());
    await signIn(phone, await testToken('KG'));
    await phone.locator('.record-list li button').first().waitFor();
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBe(390);
    await phone.locator('.record-list li button').nth(3).tap();
    await phone.locator('#f-version').waitFor();
    const heading = await phone.locator('#form-title').boundingBox();
    // Scrolled to sit just below the top (scroll-margin), within a pixel's rounding.
    expect(heading!.y).toBeGreaterThan(-1);
    expect(heading!.y).toBeLessThan(844);
    expect(await phone.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('form-title');
    await context.close();
  });

  test('axe-core finds no serious or critical violation on each view, in English and Russian', async () => {
    const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const views: string[] = [];
    for (const ui of ['en', 'ru']) {
      const t = await openPage(stack.browser);
      await t.page.goto(stack.url(`/editor?ui=${ui}`));
      for (const kind of ['sign-in', 'events', 'organisations', 'people', 'programmes', 'partnerships']) {
        if (kind === 'sign-in') {
          await t.page.locator('#token').waitFor();
        } else {
          if (kind === 'events') await signIn(t.page, await testToken('KG'));
          await openKind(t.page, kind);
          await t.page.locator('.record-list li button').first().click();
          await t.page.locator('#f-version').waitFor();
          await t.page.locator('.revisions li, .history .muted').first().waitFor();
        }
        // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
        await t.page.evaluate(axe);
        const violations = await t.page.evaluate(async () => {
          const result = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
            .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
        });
        views.push(`${ui}/${kind}`);
        expect([ui, kind, violations]).toEqual([ui, kind, []]);
      }
      if (ui === 'ru') {
        expect(await t.page.locator('nav.kinds button[aria-pressed="true"]').textContent()).toBe('Партнёрства');
        expect(await t.page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('ru');
      }
      expect(t.problems).toEqual([]);
      await t.context.close();
    }
    expect(views).toHaveLength(12);
  });
});
