import type { Page } from 'playwright-core';
import { describeInBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { originOf, testToken } from '../support/web.js';
import { TEXT_LIMITS } from '../../contract/write-limits.js';
import { fieldError, pick, signIn, startEditorStack, type EditorStack } from './editor-helpers.js';

/**
 * The country editor at /editor behind a production-mode gateway (no introspection, no
 * development tokens): events with every field, translations, plain-word checks, a version
 * conflict between two tabs, delete → undo, history → restore, a fifth office's own language.
 */
describeInBrowser('country editor: events', () => {
  let stack: EditorStack;
  let tab: WatchedPage;
  let page: Page;
  let kgToken: string;

  const eventsTitled = async (title: string) =>
    (
      await stack.fed.query(
        `query($t: String) { events(filter: { countries: [KG, TJ], text: $t }) { nodes { id version type startDate endDate datePrecision themes
          summary { original } organisers { id } sources { document excerpt } title { original originalLang translations { lang text origin } } } } }`,
        { t: title },
      )
    ).data.events.nodes.filter((e: any) => e.title.original === title);
  const status = () => page.locator('.editor-form .saved');

  beforeAll(async () => {
    stack = await startEditorStack(['KG', 'TJ']);
    kgToken = await testToken('KG');
    tab = await openPage(stack.browser);
    page = tab.page;
    await page.goto(stack.url());
  }, 180000);
  afterAll(async () => {
    await stack?.stop();
  });

  test("signs in with a pasted token (kept in this tab's session storage only) and lists the office's events", async () => {
    await signIn(page, kgToken);
    expect(await page.locator('#signed-in').textContent()).toMatch(/Signed in as test-editor-kg, editor for Kyrgyz Republic \(KG\)/);
    const { data } = await stack.fed.query('{ events(filter: { countries: [KG] }) { totalCount } }');
    await page.locator('#list-count').getByText(`${data.events.totalCount} records`).waitFor();
    const ids = await page.$$eval('.record-list li', (lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(ids.length).toBe(Math.min(50, data.events.totalCount));
    expect(ids.every((id) => id!.startsWith('KG:EVT:'))).toBe(true);
    const storage = await page.evaluate(() => {
      const g = globalThis as any;
      return { session: Object.keys(g.sessionStorage), local: Object.keys(g.localStorage), cookie: g.document.cookie };
    });
    expect(storage).toEqual({ session: ['ilo-editor-token'], local: [], cookie: '' });
  });

  test('offers every event type and precision with introspection off, and the office language first', async () => {
    const types = await page.$$eval('#f-type option', (os) => os.map((o) => (o as any).value));
    expect(types).toHaveLength(13);
    expect(types).toContain('ROUND_TABLE');
    expect(await page.$$eval('#f-datePrecision option', (os) => os.map((o) => (o as any).value))).toEqual(['DAY', 'MONTH', 'YEAR', 'UNKNOWN']);
    expect(await page.$$eval('#f-title-lang option', (os) => os.map((o) => (o as any).value).slice(0, 3))).toEqual(['ky', 'en', 'ru']);
  });

  test('creates an event with summary, organisers, themes, a source and a machine translation; YEAR stores the first day', async () => {
    await page.locator('#f-title').fill('Кеңеш браузерден');
    await page.locator('#f-title-add-translation').click();
    await page.locator('#f-title-tr0-lang').fill('en');
    await page.locator('#f-title-tr0').fill('Council from the browser');
    await page.locator('#f-title-tr0-origin').selectOption('MACHINE');
    await page.locator('#f-summary').fill('Үч тараптуу жолугушуу');
    await page.locator('#f-type').selectOption('SEMINAR');
    await page.locator('#f-datePrecision').selectOption('YEAR');
    await page.locator('#f-startDate').fill('2026-06-15');
    const organiserId = await pick(page, 'f-organiserIds');
    await page.locator('[data-field="themes"] input#f-themes-SKILLS').check();
    await page.locator('#f-sources-add').click();
    await page.locator('#f-sources-0-document').fill('minutes-2026.txt');
    await page.locator('#f-sources-0-excerpt').fill('Кеңеш 2026-жылы өттү');
    await page.getByRole('button', { name: 'Create event' }).click();
    await status()
      .getByText(/^Saved as KG:EVT:/)
      .waitFor();
    const [stored] = await eventsTitled('Кеңеш браузерден');
    expect(stored).toMatchObject({
      type: 'SEMINAR',
      startDate: '2026-01-01',
      datePrecision: 'YEAR',
      themes: ['SKILLS'],
      summary: { original: 'Үч тараптуу жолугушуу' },
      sources: [{ document: 'minutes-2026.txt', excerpt: 'Кеңеш 2026-жылы өттү' }],
      title: { originalLang: 'ky', translations: [{ lang: 'en', text: 'Council from the browser', origin: 'MACHINE' }] },
      version: 1,
    });
    expect(stored.organisers).toEqual([{ id: organiserId }]);
  });

  test('checks each kind of bad input in plain words next to the field, and sends nothing', async () => {
    const before = tab.requests.length;
    await page.locator('#f-title').fill('');
    await page.locator('#f-startDate').fill('2026-05-10');
    await page.locator('#f-endDate').fill('2026-05-01');
    await page.locator('#f-participantCount').fill('-4');
    await page.locator('#f-title-add-translation').click();
    await page.locator('#f-title-tr0-lang').fill('xx-long');
    await page.locator('#f-title-tr0').fill('t');
    await page.getByRole('button', { name: 'Create event' }).click();
    await fieldError(page, 'endDate').waitFor();
    expect(await fieldError(page, 'endDate').textContent()).toBe(
      'The end (2026-05-01) is before the start (2026-05-10): the end must be on or after the start.',
    );
    expect(await fieldError(page, 'title').allTextContents()).toEqual([
      'This is required: enter it.',
      'Use a two- or three-letter language code such as en, ru or tg ("xx-long" is not one).',
    ]);
    expect(await fieldError(page, 'participantCount').textContent()).toBe('A count cannot be negative.');
    expect(await page.locator('.form-error').textContent()).toBe('Nothing was saved: 3 fields need a correction (marked below).');
    // maxlength stops typing at the node's limit.
    expect(await page.locator('#f-city').getAttribute('maxlength')).toBe(String(TEXT_LIMITS.short));
    expect(tab.requests.length).toBe(before);
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  test("the node's own refusal is shown next to its field in plain words", async () => {
    // A programme a colleague deletes after it was picked: only the node can know it is gone.
    const auth = { authorization: `Bearer ${kgToken}` };
    const made = await stack.fed.query(
      'mutation { createProgramme(input: { country: KG, title: { lang: "en", text: "Soon-gone programme" }, status: PIPELINE }) { id } }',
      {},
      auth,
    );
    const gone = made.data.createProgramme.id;
    const [event] = await eventsTitled('Кеңеш браузерден');
    await page.locator(`.record-list li[data-id="${event.id}"] button`).click();
    await page.locator('#f-version').getByText('1').waitFor();
    expect(await pick(page, 'f-programmeId', 'Soon-gone programme')).toBe(gone);
    await stack.fed.query('mutation($id: ID!) { deleteProgramme(id: $id, expectedVersion: 1) }', { id: gone }, auth);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await fieldError(page, 'programmeId').waitFor();
    expect(await fieldError(page, 'programmeId').textContent()).toMatch(/not among this office's records/);
    expect((await eventsTitled('Кеңеш браузерден'))[0].version).toBe(1);
  });

  test('a version conflict between two tabs: the later save is refused in plain words, the earlier kept', async () => {
    const [event] = await eventsTitled('Кеңеш браузерден');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator(`.record-list li[data-id="${event.id}"] button`).click();
    await page.locator('#f-version').getByText('1').waitFor();

    const other = await openPage(stack.browser);
    await other.page.goto(stack.url());
    await signIn(other.page, kgToken);
    await other.page.locator('#list-q').fill('Кеңеш браузерден');
    await other.page.getByRole('button', { name: 'Search', exact: true }).click();
    await other.page.locator(`.record-list li[data-id="${event.id}"] button`).click();
    await other.page.locator('#f-version').getByText('1').waitFor();
    await other.page.locator('#f-city').fill('Osh');
    await other.page.getByRole('button', { name: 'Save changes' }).click();
    await other.page.locator('.editor-form .saved').getByText('Saved: now version 2.').waitFor();
    await other.context.close();

    await page.locator('#f-venue').fill('Stale hall');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await fieldError(page, 'version').waitFor();
    expect(await fieldError(page, 'version').textContent()).toMatch(
      /Someone else saved this record after you opened it \(you started from version 1, it is now at version 2\)\. Your changes were not saved/,
    );
    const { data } = await stack.fed.query('query($id: ID!) { event(id: $id) { city venue version } }', { id: event.id });
    expect(data.event).toEqual({ city: 'Osh', venue: null, version: 2 });
    await page.getByRole('button', { name: 'Reload this record' }).click();
    await page.locator('#f-version').getByText('2').waitFor();
    expect(await page.locator('#f-city').inputValue()).toBe('Osh');
  });

  test('history: who, when, which fields; restoring version 1 brings its content back as version 3', async () => {
    const [event] = await eventsTitled('Кеңеш браузерден');
    const entries = page.locator('.revisions li');
    await entries.first().waitFor();
    expect(await entries.allTextContents()).toEqual([
      expect.stringMatching(/^Version 2: changed by test-editor-kg, .* Fields: City Before: City: \(none\)$/),
      expect.stringMatching(/^Version 1: created by test-editor-kg, (?!.*Fields).*Restore version 1$/),
    ]);
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.locator('#pane-status').getByText('Restored version 1: now version 3.').waitFor();
    const { data } = await stack.fed.query('query($id: ID!) { event(id: $id) { city version } }', { id: event.id });
    expect(data.event).toEqual({ city: null, version: 3 });
    await page
      .locator('.revisions li')
      .first()
      .getByText(/^Version 3: restored from version 1/)
      .waitFor();
  });

  test('delete asks first, naming the record and its version; "Undo delete" brings it back', async () => {
    const [event] = await eventsTitled('Кеңеш браузерден');
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.locator('dialog.confirm');
    await dialog.waitFor();
    expect(await dialog.locator('#confirm-text').textContent()).toBe(
      `Delete "Кеңеш браузерден" (${event.id}, version 3)? It can be brought back from "Recently deleted" for a while.`,
    );
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    expect((await eventsTitled('Кеңеш браузерден')).length).toBe(1);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('#pane-status').getByText('Deleted "Кеңеш браузерден".').waitFor();
    expect(await eventsTitled('Кеңеш браузерден')).toEqual([]);

    const row = page.locator(`.deleted-list li[data-id="${event.id}"]`);
    await row.getByText(/deleted by test-editor-kg/).waitFor();
    await row.getByRole('button', { name: /Undo delete/ }).click();
    await page.locator('#pane-status').getByText(`Brought back ${event.id} as version 4.`).waitFor();
    expect((await eventsTitled('Кеңеш браузерден'))[0]).toMatchObject({ id: event.id, version: 4, themes: ['SKILLS'] });
  });

  test('a fifth office added by configuration (Tajikistan) writes a title in Tajik, its language offered first', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, await testToken('TJ'));
    expect(await page.locator('#signed-in').textContent()).toMatch(/editor for Tajikistan \(TJ\)/);
    expect(await page.locator('#f-title-lang').inputValue()).toBe('tg');
    await page.locator('#f-title').fill('Семинари сеҷониба');
    await page.getByRole('button', { name: 'Create event' }).click();
    await status()
      .getByText(/^Saved as TJ:EVT:/)
      .waitFor();
    const [stored] = await eventsTitled('Семинари сеҷониба');
    expect(stored.title).toEqual({ original: 'Семинари сеҷониба', originalLang: 'tg', translations: [] });
  });

  test('a token that may not write gets FORBIDDEN in plain words, and nothing is saved', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, await testToken('KG', 'reader'));
    await page.getByText('This token has the reader role').waitFor();
    await page.locator('#f-title').fill('Written by a reader');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.locator('.form-error').waitFor();
    expect(await page.locator('.form-error').textContent()).toMatch(/Your sign-in does not allow this change\. Writing needs the editor role/);
    expect(await eventsTitled('Written by a reader')).toEqual([]);
  });

  test('made no request outside the gateway and hit no page error (CSP on)', async () => {
    const origin = originOf(stack.gateway.url);
    expect(tab.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(tab.problems).toEqual([]);
  });
});
