import type { Browser, Request } from 'playwright-core';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';

/**
 * Double submit creates one event — through the server's Idempotency-Key handling, not only the
 * page's button guard: the first save reaches the node and is applied, but its answer is lost
 * on the way back (connection reset). The page says the outcome is unknown; the person saves
 * again; the page sends the same write with the same Idempotency-Key, and the node must answer
 * it with the first outcome instead of creating a second event.
 */
describeInBrowser('editor: a retried save with a lost answer', () => {
  let fed: TestFederation;
  let browser: Browser;
  let tab: WatchedPage;

  beforeAll(async () => {
    [fed, browser] = await Promise.all([startFederation({ countries: ['KG'] }), launchBrowser()]);
    tab = await openPage(browser);
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  test('double submit creates one event (same Idempotency-Key twice, one record)', async () => {
    const { page } = tab;
    await page.goto(new URL('/editor', fed.gateway.url).toString());
    await page.locator('#dev-country').selectOption('KG');
    await page.getByRole('button', { name: 'Get a development token' }).click();
    await page.locator('#signed-in').waitFor();

    const sent: Array<{ key: string; body: string }> = [];
    let firstAnswer: any;
    await page.route('**/graphql', async (route) => {
      const request: Request = route.request();
      if (request.method() !== 'POST' || !request.postData()?.includes('createEvent')) return route.continue();
      sent.push({ key: request.headers()['idempotency-key'], body: request.postData()! });
      if (sent.length > 1) return route.continue();
      // The write reaches the gateway and the node; only its answer is lost.
      const response = await route.fetch();
      firstAnswer = await response.json();
      await route.abort('connectionreset');
    });

    await page.locator('#f-title').fill('Retried after a lost answer');
    await page.locator('#f-type').selectOption('TRAINING');
    await page.locator('#f-startDate').fill('2026-12-01');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText(/saving again is safe and will not create a duplicate/).waitFor();
    expect(firstAnswer.data.createEvent.id).toMatch(/^KG:EVT:/);

    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText(/^Saved as KG:EVT:/).waitFor();

    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0].key).toMatch(/^[0-9a-f-]{36}$/);
    const { data } = await fed.query('{ events(filter: { countries: [KG], text: "Retried after a lost answer" }) { totalCount nodes { id } } }');
    expect(data.events.nodes.map((e: { id: string }) => e.id)).toEqual([firstAnswer.data.createEvent.id]);
    expect(await page.getByText(`Saved as ${firstAnswer.data.createEvent.id}.`).count()).toBe(1);
  });
});
