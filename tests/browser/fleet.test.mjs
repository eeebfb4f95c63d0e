// The dashboard at fleet size, in headless Chromium (Debian's) driven by playwright-core,
// against the fixture server's --fleet (run_fleet_test.sh): 100,000 hosts, 1 % MISSING,
// 2 % CHECK_FAILING, every live host pinging every 30 s. Measures and asserts:
//   - first paint of the state counts and of the non-OK rows (the dashboard's performance
//     marks niam:counts and niam:hosts, from navigation start): under 1 s;
//   - bytes per 2 s poll in the steady state (every /api/* response of a poll, body and
//     headers as Chromium's network layer counts them): under 50 KB, on the default view
//     and with the CHECK_FAILING filter (rows that ping);
//   - the search box (server-side q=) and "Show 200 more";
//   - /metrics under 100 KB; the size of a default /api/hosts page (printed).
// Environment: NIAM_WEB_URL (required), NIAM_FLEET_HOSTS (default 100000), NIAM_CHROMIUM.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {chromium} from 'playwright-core';

const baseUrl = (process.env.NIAM_WEB_URL || '').replace(/\/+$/, '');
if (!baseUrl) throw new Error('NIAM_WEB_URL is required');
const hosts = Number(process.env.NIAM_FLEET_HOSTS || 100000);
const POLLS = 5;

let browser;
let context;
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.NIAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    headless: true,
  });
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
});

after(async () => {
  await browser?.close();
});

// A page whose /api/ responses are counted: [{url, bytes, at}] (bytes: encodedDataLength,
// what came over the connection for the response: headers and body).
async function countedPage() {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const responses = [];
  cdp.on('Network.responseReceived', (event) => urls.set(event.requestId, event.response.url));
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId) || '';
    if (url.includes('/api/')) responses.push({url, bytes: event.encodedDataLength, at: Date.now()});
  });
  return {page, responses};
}

// Bytes per poll over the next POLLS polls (a poll: the /api/hosts?since= and its /api/summary).
async function pollBytes(page, responses) {
  responses.splice(0);
  const polls = () => responses.filter((r) => r.url.includes('since=')).length;
  await page.waitForFunction(() => true);
  const deadline = Date.now() + POLLS * 2000 + 10000;
  while (polls() < POLLS + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  // The first since= poll may still carry rows changed while the page loaded: from the second on.
  const sinceAt = responses.filter((r) => r.url.includes('since=')).map((r) => r.at);
  assert.ok(sinceAt.length >= POLLS + 1, `${POLLS + 1} polls with since= (got ${sinceAt.length})`);
  const sizes = [];
  for (let i = 1; i <= POLLS; i++) {
    const from = sinceAt[i - 1];
    const to = sinceAt[i];
    const hostsBytes = responses.find((r) => r.url.includes('since=') && r.at === to).bytes;
    const summaryBytes = responses.filter((r) => r.url.endsWith('/api/summary') && r.at > from && r.at <= to)
      .reduce((sum, r) => sum + r.bytes, 0);
    sizes.push(hostsBytes + summaryBytes);
  }
  return sizes;
}

test(`the dashboard with ${hosts} hosts: counts and non-OK rows at once, small polls`, {timeout: 90000}, async () => {
  const {page, responses} = await countedPage();
  const response = await page.goto(baseUrl + '/');
  assert.equal(response.status(), 200);
  await page.waitForFunction(() => performance.getEntriesByName('niam:hosts').length > 0 &&
    performance.getEntriesByName('niam:counts').length > 0, null, {timeout: 10000});
  const paint = await page.evaluate(() => ({
    counts: performance.getEntriesByName('niam:counts')[0].startTime,
    hosts: performance.getEntriesByName('niam:hosts')[0].startTime,
  }));
  const firstBytes = responses.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`first paint: counts ${paint.counts.toFixed(0)} ms, non-OK rows ${paint.hosts.toFixed(0)} ms ` +
    `after navigation start; API bytes for it ${firstBytes}`);
  assert.ok(paint.counts < 1000, `counts painted in ${paint.counts} ms`);
  assert.ok(paint.hosts < 1000, `rows painted in ${paint.hosts} ms`);

  const count = async (state) => Number((await page.textContent('#count-' + state)).replace(/,/g, ''));
  assert.equal(await count('ALL'), hosts);
  assert.equal(await count('MISSING'), hosts / 100);
  assert.equal(await count('CHECK_FAILING'), hosts / 50);
  assert.equal(await count('OK'), hosts - hosts / 100 - hosts / 50);
  const states = await page.$$eval('#hosts tbody tr.host', (trs) => trs.map((tr) => tr.dataset.state));
  assert.equal(states.length, 200, 'a page of 200 rows');
  assert.ok(states.every((s) => s === 'MISSING'), 'the MISSING hosts first');
  assert.match(await page.textContent('#shown'), /^showing 200 of 100,000/);

  const steady = await pollBytes(page, responses);
  console.log(`bytes per poll, default view (MISSING rows): ${steady.join(', ')}`);
  for (const bytes of steady) assert.ok(bytes < 50 * 1024, `a poll moved ${bytes} B`);

  await page.click('#filters button[data-filter="CHECK_FAILING"]');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#hosts tbody tr.host'))
    .every((tr) => tr.dataset.state === 'CHECK_FAILING') && document.querySelectorAll('#hosts tbody tr.host').length === 200);
  const failing = await pollBytes(page, responses);
  console.log(`bytes per poll, CHECK_FAILING rows (each pings every 30 s): ${failing.join(', ')}`);
  for (const bytes of failing) assert.ok(bytes < 50 * 1024, `a poll moved ${bytes} B`);

  // More: the next 200 of the 2000, after the shown ones.
  await page.click('#more');
  await page.waitForFunction(() => document.querySelectorAll('#hosts tbody tr.host').length === 400);
  const names = await page.$$eval('#hosts tbody tr.host', (trs) => trs.map((tr) => tr.dataset.hostname));
  assert.equal(new Set(names).size, 400, 'no row twice');
  assert.deepEqual(names, [...names].sort(), 'in name order within the state');

  // Search on the server: one host of the 100,000.
  await page.click('#filters button[data-filter="ALL"]');
  await page.fill('#search', 'fleet-012345');
  await page.waitForFunction(() => {
    const trs = document.querySelectorAll('#hosts tbody tr.host');
    return trs.length === 1 && trs[0].dataset.hostname === 'fleet-012345';
  }, null, {timeout: 10000});
  assert.equal(await page.getAttribute('#hosts tbody tr.host td.host a', 'href'), '/hosts/fleet-012345?instance=i-0f012345');
  await page.close();
  assert.deepEqual(problems.splice(0), [], 'no console errors or exceptions');
});

test('/metrics stays under 100 KB; the size of a page of /api/hosts', async () => {
  const metrics = await (await fetch(baseUrl + '/metrics')).text();
  const page = await (await fetch(baseUrl + '/api/hosts')).text();
  const summary = await (await fetch(baseUrl + '/api/summary')).text();
  console.log(`/metrics ${metrics.length} B; /api/hosts (200 rows) ${page.length} B; /api/summary ${summary.length} B`);
  assert.ok(metrics.length < 100 * 1024, `/metrics is ${metrics.length} B`);
  assert.match(metrics, new RegExp(`^niam_hosts\\{state="MISSING"\\} ${hosts / 100}$`, 'm'));
  assert.equal(JSON.parse(page).hosts.length, 200);
});
