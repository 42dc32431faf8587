// The analyst console in a real browser (Debian's chromium through playwright-core) against an
// in-process Vigil holding the founding scenario: log in, find the seed incident in the queue, open
// it, see its six endpoints and the outbound diagram, close it as FALSE_POSITIVE with a comment and
// find all of it stored and audited; search with a syntax error and with a valid query; dashboard.
// VIGIL_SCREENSHOTS=1 (npm run screenshots) also saves docs/screenshots/*.png at 1280×800.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../web/build.ts';
import { PASSWORD, bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { chromiumMissing, openBrowser, type Browser } from './browser.ts';
import { LATE_DETECTION, sceneryEvents } from './scenery.ts';

const SEED_DESCRIPTION = 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15';
const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');
const CLOSING_COMMENT = 'Tomcat health check to a partner service; signature 32350 matches its keep-alive.';

async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.VIGIL_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The text of every cell of a table column, by its data-field. */
async function columnTexts(page: Page, scope: string, field: string): Promise<string[]> {
  return page.locator(`${scope} td[data-field="${field}"]`).allTextContents();
}

describe('the analyst console in a browser', { skip: chromiumMissing }, () => {
  let vigil: TestVigil;
  let base: string;
  let browser: Browser;
  let page: Page;
  let seedUuid: string;

  before(async () => {
    await ensureConsoleBuilt();
    vigil = await startTestVigil();
    base = await vigil.app.listen({ host: '127.0.0.1', port: 0 });
    const posted = await postEvents(vigil, sceneryEvents());
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body.rejected, []);
    seedUuid = (await getJson(vigil, '/api/v1/incidents/100000')).body.uuid;
    browser = await openBrowser();
    page = browser.page;
    // A step that cannot happen fails within seconds rather than playwright's 30.
    page.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await vigil?.destroy();
  });

  test('an analyst logs in and sees the seed incident in the queue', async () => {
    const served = await page.goto(`${base}/`);
    const csp = String(await served?.headerValue('content-security-policy'));
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.getByLabel('Username').fill('analyst');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong username or password.').waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const row = page.locator('tr[data-incident="100000"]');
    await row.waitFor();
    const [cookie] = await browser.context.cookies();
    assert.deepEqual({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, secure: cookie.secure }, { httpOnly: true, sameSite: 'Strict', secure: false }, 'no TLS here, so not Secure');
    const text = await row.innerText();
    assert.match(text, /HIGH/);
    assert.ok(text.includes(SEED_DESCRIPTION), text);
    assert.match(text, /Command and Control/);
    assert.match(text, /\b6\b/, 'six endpoints');
    assert.match(text, /\b61\b/, '1 + 5 × 12 events');
    assert.match(text, /Open/);
    assert.equal(await page.locator('.queue-table tbody tr').count(), 3);
    await screenshot(page, 'queue');
  });

  test('a queue query the server cannot apply shows the error at its position', async () => {
    const input = page.getByLabel('Incident query');
    await input.fill('priority_level:URGENT');
    await input.press('Enter');
    const error = page.locator('.query-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-position'), '15');
    assert.match(await error.innerText(), /known: LOW, MEDIUM, HIGH/);
    await input.fill('');
    await input.press('Enter');
    await page.locator('tr[data-incident="100000"]').waitFor();
    assert.equal(await error.count(), 0);
  });

  test('a new incident appears in the queue without reloading', async () => {
    await page.locator('.stream-live').waitFor();
    const posted = await postEvents(vigil, LATE_DETECTION);
    assert.equal(posted.body.incidents.created.length, 1);
    await page.locator('tr[data-incident="100003"]').waitFor();
    assert.match(await page.locator('tr[data-incident="100003"]').innerText(), /Meterpreter Reverse TCP/);
  });

  test('j/k and Enter open the seed incident: six endpoints, the outbound diagram, events as the detail view shows them', async () => {
    const rows = page.locator('.queue-table tbody tr');
    const seedIndex = (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-incident')))).indexOf('100000');
    await page.locator('h1').click();
    for (let i = 0; i < 5; i++) await page.keyboard.press('k');
    for (let i = 0; i < seedIndex; i++) await page.keyboard.press('j');
    assert.equal(await page.locator('tr.selected').getAttribute('data-incident'), '100000');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/incidents/100000`);

    await page.getByRole('heading', { name: SEED_DESCRIPTION }).waitFor();
    const endpointRows = page.locator('.endpoints-table tbody tr');
    await endpointRows.first().waitFor();
    assert.equal(await endpointRows.count(), 6);
    assert.deepEqual(
      (await endpointRows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-device-ip')))).sort(),
      ['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14', '192.0.2.15'],
    );

    const diagram = page.locator('figure.network-diagram');
    assert.equal(await diagram.getAttribute('data-direction'), 'outbound');
    assert.equal(await diagram.locator('.diagram-endpoint').count(), 6);
    const drawn = await diagram.innerText();
    assert.match(drawn, /192\.0\.2\.100:18878/);
    assert.match(drawn, /Outbound/);
    assert.match(drawn, /TOMCAT-PROD-01/);
    assert.match(await diagram.locator('figcaption').innerText(), /endpoints initiated the connection/);
    assert.equal(await diagram.locator('path[marker-end="url(#arrow-head)"]').count(), 6, 'every arrow points at the remote party');

    assert.equal(await page.getByRole('link', { name: /Command and Control/ }).first().getAttribute('href'), 'https://attack.mitre.org/tactics/TA0011/');
    assert.equal(await page.getByRole('link', { name: /Application Layer Protocol/ }).first().getAttribute('href'), 'https://attack.mitre.org/techniques/T1071/');
    assert.match(await page.locator('.recommended').innerText(), /192\.0\.2\.100/);

    // The timeline draws one row per endpoint; the beacons are recognised as regular.
    await page.locator('.timeline-row').first().waitFor();
    assert.equal(await page.locator('.timeline-row').count(), 6);
    assert.equal(await page.locator('.timeline-rhythm.regular').count(), 5, 'the five beaconing endpoints show a rhythm');

    // The seed's event, oldest first, written as the EDR's detail view writes it.
    const seedRow = page.locator('tr[data-event="39887aa0-c895-11eb-dcee-0000181b4915"]');
    await seedRow.waitFor();
    const cell = (field: string) => seedRow.locator(`td[data-field="${field}"]`).innerText();
    assert.equal(await cell('network_protocol'), '2: TCP');
    assert.equal(await cell('traffic_direction'), '2: Outbound');
    assert.equal(await cell('severity'), '3: Critical');
    assert.equal(await cell('event_id'), '206: Intrusion detected');
    assert.equal(await cell('type_id'), '4124: Endpoint Detection');
    assert.equal(await cell('device_time'), '2021-06-08 20:08:00 UTC');
    assert.equal(await cell('external_port'), '18,878');
    await screenshot(page, 'incident');

    await seedRow.click();
    const detail = page.locator('.event-detail');
    await detail.waitFor();
    const detailText = async (field: string) => detail.locator(`.detail-row[data-field="${field}"] dd`).innerText();
    assert.equal(await detailText('symc_device_action'), '2: Detected');
    assert.equal(await detailText('mitre.tactic'), 'Command and Control');
    assert.equal(await detailText('event_actor.pid'), '620');
    await detail.getByRole('tab', { name: 'Raw JSON' }).click();
    const raw = JSON.parse(await page.getByTestId('raw-json').innerText());
    assert.equal(raw.traffic_direction, 2);
    assert.equal(raw.event_uuid, '39887aa0-c895-11eb-dcee-0000181b4915');
  });

  test('closing it as FALSE_POSITIVE with a comment is stored and audited', async () => {
    const close = page.getByRole('form', { name: 'Close the incident' });
    await close.getByLabel('Resolution').selectOption({ label: 'FALSE_POSITIVE' });
    await close.getByLabel('Comment (why)').fill(CLOSING_COMMENT);
    await close.getByRole('button', { name: 'Close incident' }).click();
    await page.getByText('Closed as FALSE_POSITIVE.').waitFor();
    await page.locator('.incident-title-row .state-closed').waitFor();
    await page.locator('.comment', { hasText: CLOSING_COMMENT }).waitFor();

    const incident = (await getJson(vigil, '/api/v1/incidents/100000')).body;
    assert.equal(incident.state, 4);
    assert.equal(incident.resolution, 2);
    const comments = (await getJson(vigil, '/api/v1/incidents/100000/comments')).body.result;
    assert.equal(comments.length, 1);
    assert.equal(comments[0].comment, CLOSING_COMMENT);
    assert.equal(comments[0].incident_responder_name, 'analyst');

    const audit = (await getJson(vigil, '/api/v1/audit?limit=100', vigil.tokens.admin)).body.result as { message: string; user_name: string; entity_result?: { uid: string } }[];
    const aboutSeed = audit.filter((entry) => entry.entity_result?.uid === seedUuid);
    const closing = aboutSeed.find((entry) => entry.message.includes('Incident Closed Successfully.'));
    assert.ok(closing, `no closing audit event among ${JSON.stringify(aboutSeed)}`);
    assert.equal(closing.user_name, 'analyst');
    assert.match(closing.message, /FALSE_POSITIVE/);
    assert.ok(aboutSeed.some((entry) => entry.message === 'Incident comment added.' && entry.user_name === 'analyst'));
    assert.ok(audit.some((entry) => entry.message === 'User analyst logged in successfully.'), 'the console login is audited');
  });

  test('a search with a syntax error shows the error at its position', async () => {
    const broken = 'external_ip:192.0.2.100 AND (traffic_direction:Outbound';
    const answer = await vigil.app.inject({ method: 'GET', url: `/api/v1/events?q=${encodeURIComponent(broken)}`, headers: bearer(vigil.tokens.viewer) });
    assert.equal(answer.statusCode, 400);
    const { position } = answer.json() as { position: number };

    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.waitForURL(`${base}/search`);
    const input = page.getByLabel('Event query');
    await input.fill(broken);
    await input.press('Enter');
    const error = page.locator('.query-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-position'), String(position));
    assert.match(await error.locator('.query-caret').innerText(), new RegExp(`^ {${position}}\\^ position ${position}$`));
    assert.match(await error.innerText(), /expected "\)"/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await input.evaluate((element) => (element as HTMLInputElement).selectionStart), position, 'the cursor is put at the error');
    assert.ok(page.url().includes(encodeURIComponent('(traffic_direction:Outbound').replace(/%20/g, '+')) || page.url().includes('q='), 'the query is in the URL');
  });

  test('a valid search shows the matching rows, a histogram, and opens an event', async () => {
    const input = page.getByLabel('Event query');
    await input.fill('external_ip:192.0.2.100 AND traffic_direction:Outbound');
    await input.press('Enter');
    await page.getByLabel('Time range').selectOption('all');
    const rows = page.locator('.results-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 50, 'the first page of 61 matches');
    assert.match(await page.locator('.table-footer').innerText(), /61 matching events/);
    const directions = await columnTexts(page, '.results-table', 'traffic_direction');
    assert.ok(directions.every((value) => value === '2: Outbound'), directions.join());
    await page.locator('.histogram-panel svg').waitFor();
    assert.ok(await page.locator('.histogram-panel .chart-fill').count() > 0);
    assert.match(page.url(), /range=all/);
    await screenshot(page, 'search');

    await page.getByRole('button', { name: 'Next →' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('.results-table tbody tr').length === 11);

    await rows.first().click();
    await page.waitForURL(/\/events\//);
    await page.locator('.detail-view').waitFor();
    assert.equal(await page.locator('.detail-row[data-field="traffic_direction"] dd').innerText(), '2: Outbound');
    assert.equal(await page.locator('.detail-row[data-field="external_ip"] dd').innerText(), '192.0.2.100');
  });

  test('the dashboard shows open incidents by priority, top lists and the ATT&CK tactics', async () => {
    await page.goto(`${base}/dashboard?range=all`);
    await page.locator('.priority-tiles').waitFor();
    const tiles = await page.locator('.tile').allInnerTexts();
    assert.equal(tiles.length, 3);
    assert.match(tiles[0], /1\s+open HIGH/i, 'the late Meterpreter detection; the seed incident is closed');
    await page.locator('.attack-tactic.detected').first().waitFor();
    assert.match(await page.locator('.attack-tactic.detected').allInnerTexts().then((texts) => texts.join('|')), /Command and Control/);
    assert.match(await page.locator('section', { hasText: 'Top remote parties' }).innerText(), /192\.0\.2\.100/);
    await screenshot(page, 'dashboard');
  });

  test('no page broke the content security policy or threw', () => {
    assert.deepEqual(browser.problems, []);
  });
});
