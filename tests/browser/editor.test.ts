import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { originOf, testToken } from '../support/web.js';
import { TEXT_LIMITS } from '../../shared/write-limits.js';

/** The country editor at /editor: sign in, create, validation, FORBIDDEN, VERSION_CONFLICT, one request per double click. */
describeInBrowser('country editor', () => {
  let fed: TestFederation;
  let browser: Browser;
  let tab: WatchedPage;
  let page: Page;
  let kgToken: string;

  const eventsTitled = async (title: string) =>
    (
      await fed.query('query($t: String) { events(filter: { countries: [KG], text: $t }) { nodes { id version type startDate title { text } } } }', {
        t: title,
      })
    ).data.events.nodes.filter((e: any) => e.title.text === title);
  const fieldError = (field: string) => page.locator(`[data-field="${field}"] .error`);

  beforeAll(async () => {
    [fed, browser] = await Promise.all([startFederation({ countries: ['KG', 'MN'] }), launchBrowser()]);
    kgToken = await testToken('KG');
    tab = await openPage(browser);
    page = tab.page;
    await page.goto(new URL('/editor', fed.gateway.url).toString());
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  test("signs in with a development token and lists the office's events", async () => {
    await page.locator('#dev-country').selectOption('KG');
    await page.getByRole('button', { name: 'Get a development token' }).click();
    await page.locator('#signed-in').waitFor();
    expect(await page.locator('#signed-in').textContent()).toMatch(/Signed in as dev-editor-kg, editor for Kyrgyz Republic \(KG\)/);
    const { data } = await fed.query('{ events(filter: { countries: [KG] }) { totalCount } }');
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.event-list li').length === n, data.events.totalCount);
    const ids = await page.$$eval('.event-list li', (lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(ids.every((id) => id!.startsWith('KG:EVT:'))).toBe(true);
  });

  test('creates an event', async () => {
    await page.locator('#f-title').fill('Browser-made tripartite seminar');
    await page.locator('#f-type').selectOption('SEMINAR');
    await page.locator('#f-startDate').fill('2026-11-20');
    await page.locator('#f-city').fill('Bishkek');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText(/^Saved as KG:EVT:/).waitFor();
    const [stored] = await eventsTitled('Browser-made tripartite seminar');
    expect(stored).toMatchObject({ type: 'SEMINAR', startDate: '2026-11-20', version: 1 });
    await page.locator(`.event-list li[data-id="${stored.id}"]`).waitFor();
  });

  test("shows the node's validation error next to the field, and saves nothing", async () => {
    await page.locator('#f-title').fill('Backwards dates');
    await page.locator('#f-startDate').fill('2026-05-10');
    await page.locator('#f-endDate').fill('2026-05-01');
    await page.getByRole('button', { name: 'Create event' }).click();
    await fieldError('endDate').waitFor();
    expect(await fieldError('endDate').textContent()).toMatch(/endDate \(2026-05-01\) is before startDate \(2026-05-10\)/);
    expect(await eventsTitled('Backwards dates')).toEqual([]);
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  test("holds text to the node's write limits: typing stops at the limit, a longer value is named with its length and not sent", async () => {
    expect(await page.locator('#f-title').getAttribute('maxlength')).toBe(String(TEXT_LIMITS.title));
    expect(await page.locator('#f-city').getAttribute('maxlength')).toBe(String(TEXT_LIMITS.short));
    await page.locator('#f-city').fill('c'.repeat(TEXT_LIMITS.short + 50));
    expect((await page.locator('#f-city').inputValue()).length).toBe(TEXT_LIMITS.short);
    // A value can still arrive longer than maxlength (set by a script, or a record stored before the limit).
    const long = 'Too long '.repeat(70);
    await page.locator('#f-title').evaluate((input: any, value) => {
      input.value = value;
      input.dispatchEvent(new input.ownerDocument.defaultView.Event('input', { bubbles: true }));
    }, long);
    const requests = tab.requests.length;
    await page.getByRole('button', { name: 'Create event' }).click();
    await fieldError('title').waitFor();
    expect(await fieldError('title').textContent()).toBe(`Title is ${long.trim().length} characters long; the limit is ${TEXT_LIMITS.title}.`);
    expect(tab.requests.length).toBe(requests);
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  test('shows VERSION_CONFLICT in plain words when someone else saved first, and keeps their change', async () => {
    const [event] = await eventsTitled('Browser-made tripartite seminar');
    await page.locator(`.event-list li[data-id="${event.id}"] button`).click();
    await page.locator('#f-version').getByText('1').waitFor();
    // Someone else saves version 2 meanwhile.
    const other = await fed.query(
      'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 1, patch: { city: "Osh" }) { version } }',
      { id: event.id },
      { authorization: `Bearer ${kgToken}` },
    );
    expect(other.data.updateEvent.version).toBe(2);
    await page.locator('#f-title').fill('Renamed on a stale copy');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await fieldError('version').waitFor();
    expect(await fieldError('version').textContent()).toMatch(
      /Someone else saved this event after you opened it \(you started from version 1, it is now at version 2\)\. Your changes were not saved/,
    );
    const { data } = await fed.query('query($id: ID!) { event(id: $id) { version city title { text } } }', { id: event.id });
    expect(data.event).toEqual({ version: 2, city: 'Osh', title: { text: 'Browser-made tripartite seminar' } });

    await page.getByRole('button', { name: 'Reload this event' }).click();
    await page.locator('#f-version').getByText('2').waitFor();
    expect(await page.locator('#f-city').inputValue()).toBe('Osh');
    await page.locator('#f-title').fill('Renamed on the current copy');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: now version 3.').waitFor();
    expect((await eventsTitled('Renamed on the current copy'))[0].version).toBe(3);
  });

  test('a double click sends one request and creates one event', async () => {
    await page.getByRole('button', { name: 'New event' }).click();
    await page.locator('#f-title').fill('Double-clicked launch');
    await page.locator('#f-type').selectOption('LAUNCH');
    const before = tab.requests.filter((u) => u.endsWith('/graphql')).length;
    const posts: string[] = [];
    const onRequest = (r: any) => r.method() === 'POST' && r.postData()?.includes('createEvent') && posts.push(r.headers()['idempotency-key']);
    page.on('request', onRequest);
    await page.getByRole('button', { name: 'Create event' }).dblclick();
    await page.getByText(/^Saved as KG:EVT:/).waitFor();
    page.off('request', onRequest);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tab.requests.filter((u) => u.endsWith('/graphql')).length - before).toBe(1);
    expect(await eventsTitled('Double-clicked launch')).toHaveLength(1);
  });

  test('a token that may not write gets FORBIDDEN in plain words, and nothing is saved', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#token').fill(await testToken('KG', 'reader'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('This token has the reader role').waitFor();
    await page.locator('#f-title').fill('Written by a reader');
    await page.getByRole('button', { name: 'Create event' }).click();
    const error = page.locator('.form-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Your sign-in does not allow this change\. Writing needs the editor role; this token has role reader/);
    expect(await eventsTitled('Written by a reader')).toEqual([]);
  });

  test('made no request outside the gateway and hit no page error', async () => {
    const origin = originOf(fed.gateway.url);
    expect(tab.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(tab.problems).toEqual([]);
  });
});
