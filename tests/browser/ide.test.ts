import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { EXAMPLES_FILE, readmeExamples } from '../../scripts/readme-examples.js';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { originOf, testToken } from '../support/web.js';

/** The offline GraphQL IDE at /graphql: everything from the gateway, the client guide's examples, headers for tokens. */
describeInBrowser('GraphQL IDE', () => {
  let fed: TestFederation;
  let browser: Browser;
  let tab: WatchedPage;
  const examples = readmeExamples(fs.readFileSync(path.join(__dirname, '../..', EXAMPLES_FILE), 'utf8'));

  /** The text of one of GraphiQL's CodeMirror editors. */
  const editorText = (selector: string) =>
    tab.page.evaluate((s) => ((globalThis as any).document.querySelector(s) as any).CodeMirror.getValue() as string, selector);
  const setEditorText = (selector: string, text: string) =>
    tab.page.evaluate(([s, t]) => ((globalThis as any).document.querySelector(s) as any).CodeMirror.setValue(t), [selector, text] as const);
  const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
  const RESULT = '.result-window .CodeMirror';

  async function runAndRead(): Promise<any> {
    await setEditorText(RESULT, '');
    await tab.page.click('.graphiql-execute-button');
    await tab.page.waitForFunction((s) => (((globalThis as any).document.querySelector(s) as any)?.CodeMirror.getValue() ?? '').includes('"data"'), RESULT, {
      timeout: 15000,
    });
    return JSON.parse(await editorText(RESULT));
  }

  beforeAll(async () => {
    [fed, browser] = await Promise.all([startFederation({ countries: ['KG', 'MN'] }), launchBrowser()]);
    tab = await openPage(browser);
    await tab.page.goto(fed.gateway.url);
    await tab.page.waitForSelector(QUERY_EDITOR, { timeout: 30000 });
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  test('opens with the client guide example queries, one tab each, and a write example', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const titles = await tab.page.$$eval('.graphiql-tab', (tabs) => tabs.map((t) => t.textContent?.trim()));
    expect(titles).toHaveLength(examples.length + 1);
    expect(titles.at(-1)).toMatch(/CreateEvent/);
    const first = await editorText(QUERY_EDITOR);
    expect(first).toContain(`# ${examples[0].title}`);
    expect(first.replace(/\s+/g, ' ')).toContain(examples[0].query.replace(/^\{/, '').replace(/\s+/g, ' ').trim());
  });

  test('runs a query: the answer is the gateway answer', async () => {
    const shown = await runAndRead();
    const direct = await fed.query(examples[0].query);
    expect(shown).toEqual(direct);
    expect(shown.data.eventStats.length).toBeGreaterThan(0);
  });

  test('sends the header editor headers (a write with an editor token)', async () => {
    await tab.page.click('.graphiql-tab:last-child .graphiql-tab-button');
    await tab.page.waitForFunction((s) => ((globalThis as any).document.querySelector(s) as any).CodeMirror.getValue().includes('createEvent'), QUERY_EDITOR);
    await tab.page.getByRole('button', { name: 'Headers' }).click();
    const token = await testToken('KG');
    // As a person would: click into the headers editor, select all, paste.
    const headers = tab.page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
    expect(await headers.evaluate((el: any) => el.CodeMirror.getValue())).toContain('PASTE-AN-EDITOR-TOKEN');
    await headers.click();
    await tab.page.keyboard.press('Control+A');
    await tab.page.keyboard.insertText(JSON.stringify({ authorization: `Bearer ${token}` }));
    const shown = await runAndRead();
    expect(shown.errors).toBeUndefined();
    expect(shown.data.createEvent.id).toMatch(/^KG:EVT:/);
    const stored = await fed.query('query($id: ID!) { event(id: $id) { id } }', { id: shown.data.createEvent.id });
    expect(stored.data.event.id).toBe(shown.data.createEvent.id);
  });

  test('made no request to anything but the gateway, and hit no error or blocked resource', async () => {
    const origin = originOf(fed.gateway.url);
    expect(tab.requests.length).toBeGreaterThan(3);
    const foreign = tab.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(tab.problems).toEqual([]);
  });
});
