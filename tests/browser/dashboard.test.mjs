// The niam dashboard in headless Chromium (Debian's /usr/bin/chromium, never a downloaded
// browser) against a running web server: the fixture server (run_browser_tests.sh) or a
// real master. Environment:
//   NIAM_WEB_URL            base URL, e.g. http://127.0.0.1:8080 (required)
//   NIAM_EXPECT_HOSTS       JSON {"hostname": "STATE", ...} the dashboard must show
//   NIAM_EXPECT_MISSING     a host that is not MISSING when the test starts and must turn
//                           MISSING on the open page without a reload (empty: skipped)
//   NIAM_MISSING_TIMEOUT_MS how long to wait for that (default 60000)
//   NIAM_CHART_HOST         a host with history whose page must draw its charts
//   NIAM_CHART_WEEK_HEARTBEATS  heartbeats the week view must count (default 1000, the
//                           fixture's week of history; a freshly started master has fewer)
//   NIAM_METRICS_HOST       a host with metrics whose metrics tab must draw its charts
//   NIAM_DROPS_HOST         a host whose page must show "Dropped at client: 124 (metrics 120,
//                           checks 4, pings 0)", a backlog of 35 records and, on the metrics
//                           tab, the metric plugin error of disk_stats (empty: skipped)
//   NIAM_INVENTORY_HOST     a host with an inventory of at least 500 packages and a change log
//                           (the fixture's web-1: openssl upgraded, curl added)
//   NIAM_SERVICES_HOST      a host with registered services (monitoring-info) whose page must
//                           list them in its check list, NIAM_EXPECT_SERVICES JSON
//                           {"name": "STATE", ...} (PENDING before a first result)
//   NIAM_XSS_HOST           a hostile hostname that must show as text (empty: skipped)
//   NIAM_BIDI_HOST          a hostname holding U+202E that must show it as <U+202E> (empty: skipped)
//   NIAM_WEB_TOKEN          access token, sent as Authorization: Bearer (optional)
//   NIAM_SCREENSHOT_DIR     where screenshots go (default ./screenshots)
//   NIAM_CHROMIUM           browser binary (default /usr/bin/chromium)
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {chromium} from 'playwright-core';

const baseUrl = (process.env.NIAM_WEB_URL || '').replace(/\/+$/, '');
if (!baseUrl) throw new Error('NIAM_WEB_URL is required');
const expectedHosts = JSON.parse(process.env.NIAM_EXPECT_HOSTS || '{}');
const missingHost = process.env.NIAM_EXPECT_MISSING || '';
const missingTimeout = Number(process.env.NIAM_MISSING_TIMEOUT_MS || 60000);
const chartHost = process.env.NIAM_CHART_HOST || '';
const weekHeartbeats = Number(process.env.NIAM_CHART_WEEK_HEARTBEATS || 1000);
const metricsHost = process.env.NIAM_METRICS_HOST || '';
const dropsHost = process.env.NIAM_DROPS_HOST || '';
const inventoryHost = process.env.NIAM_INVENTORY_HOST || '';
const servicesHost = process.env.NIAM_SERVICES_HOST || '';
const expectServices = JSON.parse(process.env.NIAM_EXPECT_SERVICES || '{}');
const xssHost = process.env.NIAM_XSS_HOST || '';
const bidiHost = process.env.NIAM_BIDI_HOST || '';
const logsHost = process.env.NIAM_LOGS_HOST || '';  // has the fixture's log lines and events
const screenshotDir = process.env.NIAM_SCREENSHOT_DIR || 'screenshots';
fs.mkdirSync(screenshotDir, {recursive: true});

let browser;
let context;
const problems = [];  // console errors, CSP violations, uncaught exceptions, dialogs

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.NIAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    headless: true,
  });
  const headers = process.env.NIAM_WEB_TOKEN ? {Authorization: 'Bearer ' + process.env.NIAM_WEB_TOKEN} : {};
  context = await browser.newContext({viewport: {width: 1280, height: 900}, extraHTTPHeaders: headers});
});

after(async () => {
  await browser?.close();
});

async function openPage(url) {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${url}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception on ${url}: ${error.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog "${dialog.message()}" opened on ${url}: a script ran`);
    await dialog.dismiss();
  });
  const response = await page.goto(baseUrl + url);
  assert.equal(response.status(), 200, `GET ${url}`);
  return page;
}

async function shot(page, name) {
  await page.screenshot({path: path.join(screenshotDir, name + '.png'), fullPage: true});
}

// [{hostname, state, shown}] of the dashboard rows.
function rows(page) {
  return page.$$eval('#hosts tbody tr.host', (trs) => trs.map((tr) => ({
    hostname: tr.dataset.hostname,
    state: tr.dataset.state,
    shown: tr.querySelector('td.host a').textContent,
    badge: tr.querySelector('.badge').textContent,
    seen: tr.querySelector('td.time').textContent,
  })));
}

function noProblems() {
  assert.deepEqual(problems.splice(0), [], 'no console errors, CSP violations, exceptions or dialogs');
}

test('a host that stops turns MISSING on the open page without a reload', {skip: !missingHost, timeout: missingTimeout + 30000},
  async () => {
    const page = await openPage('/');
    await page.waitForSelector('#hosts tbody tr.host');
    await page.evaluate(() => { window.niamTestMarker = 'same document'; });
    const before = (await rows(page)).find((r) => r.hostname === missingHost);
    assert.ok(before, `${missingHost} is listed`);
    assert.notEqual(before.state, 'MISSING', `${missingHost} is not MISSING yet`);
    await shot(page, 'dashboard-before-missing');
    await page.waitForFunction((host) => Array.from(document.querySelectorAll('#hosts tbody tr.host'))
      .some((tr) => tr.dataset.hostname === host && tr.dataset.state === 'MISSING'), missingHost,
    {timeout: missingTimeout, polling: 250});
    assert.equal(await page.evaluate(() => window.niamTestMarker), 'same document', 'the page was not reloaded');
    const after = (await rows(page)).find((r) => r.hostname === missingHost);
    assert.equal(after.badge, 'Missing');
    await shot(page, 'dashboard-after-missing');
    await page.close();
    noProblems();
  });

test('the dashboard lists the hosts with their states, last seen and a working filter', async () => {
  const page = await openPage('/');
  await page.waitForSelector('#hosts tbody tr.host');
  const shown = await rows(page);
  for (const [hostname, state] of Object.entries(expectedHosts)) {
    const row = shown.find((r) => r.hostname === hostname);
    assert.ok(row, `${hostname} is listed`);
    assert.equal(row.state, state, `${hostname} state`);
    assert.equal(row.shown, hostname, `${hostname} shown as text`);
    assert.match(row.seen, /^\d+ (s|min|h|d) ago/, `${hostname} last seen`);
  }
  // Colours come from the state classes.
  const colours = await page.$$eval('#hosts tbody tr.host .badge', (badges) =>
    Object.fromEntries(badges.map((b) => [b.closest('tr').dataset.state, getComputedStyle(b).backgroundColor])));
  if (colours.OK && colours.MISSING) assert.notEqual(colours.OK, colours.MISSING);
  await shot(page, 'dashboard');

  const states = new Set(Object.values(expectedHosts));
  for (const state of states) {
    await page.click(`#filters button[data-filter="${state}"]`);
    // The server filters: wait for its answer.
    await page.waitForFunction((wanted) => {
      const trs = Array.from(document.querySelectorAll('#hosts tbody tr.host'));
      return trs.length > 0 && trs.every((tr) => tr.dataset.state === wanted);
    }, state, {timeout: 10000});
    const filtered = await rows(page);
    assert.ok(filtered.length > 0, `filter ${state} shows hosts`);
    assert.ok(filtered.every((r) => r.state === state), `filter ${state} shows only ${state}`);
  }
  await page.click('#filters button[data-filter="MISSING"]');
  await shot(page, 'dashboard-filter-missing');
  await page.click('#filters button[data-filter="ALL"]');
  await page.close();
  noProblems();
});

test('the host page draws its state timeline and check charts from the history', {skip: !chartHost}, async () => {
  const page = await openPage('/hosts/' + encodeURIComponent(chartHost));
  assert.equal(await page.textContent('#hostname'), chartHost);
  await page.waitForSelector('#timeline svg rect');
  // 'attached', not 'visible': a check whose latency never moves (0 ms every time) draws a
  // flat line, whose bounding box has no height, which Playwright counts as invisible.
  await page.waitForSelector('#checks .check svg polyline.latency', {state: 'attached'});
  const drawn = await page.evaluate(() => ({
    segments: document.querySelectorAll('#timeline svg rect').length,
    strips: document.querySelectorAll('#checks svg.status-strip').length,
    lines: document.querySelectorAll('#checks svg polyline.latency').length,
    points: Array.from(document.querySelectorAll('#checks svg polyline.latency'))
      .reduce((n, p) => n + p.getAttribute('points').split(' ').length, 0),
    state: document.getElementById('state').textContent,
  }));
  assert.ok(drawn.segments > 0, 'timeline segments');
  assert.ok(drawn.strips > 0, 'status strips');
  assert.ok(drawn.lines > 0 && drawn.points > 10, 'latency lines with points');
  assert.notEqual(drawn.state, '…', 'current state shown');
  await shot(page, 'host-hour');

  await page.click('#ranges button[data-range="1w"]');
  await page.waitForFunction((least) => Number((document.getElementById('history-note').textContent.match(/^(\d+)/) || [0, 0])[1]) > least,
    weekHeartbeats, {timeout: 20000});
  await page.waitForSelector('#checks .check svg polyline.latency', {state: 'attached'});
  await shot(page, 'host-week');
  await page.close();
  noProblems();
});

test('the host page metrics tab charts cpu, memory, load, each filesystem and interface', {skip: !metricsHost}, async () => {
  const page = await openPage('/hosts/' + encodeURIComponent(metricsHost));
  await page.click('#tabs button[data-tab="metrics"]');
  await page.waitForSelector('#metrics .metric svg polyline.metric-line', {state: 'attached'});
  const titles = await page.evaluate(() => Array.from(document.querySelectorAll('#metrics .metric')).map((m) => m.dataset.chart));
  for (const want of ['CPU', 'Memory', 'Load', 'Filesystem /', 'Filesystem /var', 'Interface eth0']) {
    assert.ok(titles.includes(want), `chart ${want} in ${titles.join(', ')}`);
  }
  const lines = await page.evaluate(() => document.querySelectorAll('#metrics svg polyline.metric-line').length);
  assert.ok(lines >= 10, 'metric lines drawn');
  assert.equal(await page.isHidden('#checks-tab'), true, 'the checks are hidden on the metrics tab');
  await shot(page, 'host-metrics-hour');
  await page.click('#ranges button[data-range="1w"]');
  await page.waitForSelector('#metrics[data-range="1w"] .metric svg polyline.metric-line', {state: 'attached', timeout: 20000});
  await shot(page, 'host-metrics-week');
  await page.close();
  noProblems();
});

test('the host page shows what the client dropped and the metric plugin errors', {skip: !dropsHost}, async () => {
  const page = await openPage('/hosts/' + encodeURIComponent(dropsHost));
  await page.waitForSelector('#client-dropped:not([hidden])');
  assert.equal(await page.textContent('#client-dropped-label'), 'Dropped at client');
  assert.equal(await page.textContent('#client-dropped'), '154 (metrics 120, checks 4, pings 0, log lines 30)');
  assert.equal(await page.textContent('#client-backlog'), '35 records waiting (9.0 KiB)');
  assert.equal(await page.isVisible('#plugin-errors'), false, 'the plugin errors are on the metrics tab');
  await page.click('#tabs button[data-tab="metrics"]');
  await page.waitForSelector('#plugin-errors li[data-plugin="disk_stats"]');
  assert.match(await page.textContent('#plugin-errors li[data-plugin="disk_stats"]'),
    /^disk_stats: line 3: value "n\/a" is not a number since /);
  await shot(page, 'host-drops-plugin-errors');
  await page.close();
  // A client that dropped nothing and holds nothing: no such facts.
  if (metricsHost) {
    const quiet = await openPage('/hosts/' + encodeURIComponent(metricsHost));
    await quiet.waitForFunction(() => document.getElementById('first-seen').textContent !== '…');
    assert.equal(await quiet.isHidden('#client-dropped'), true, 'no drops shown');
    assert.equal(await quiet.isHidden('#client-backlog-label'), true, 'no backlog shown');
    await quiet.click('#tabs button[data-tab="metrics"]');
    assert.equal(await quiet.isHidden('#plugin-errors'), true, 'no plugin errors shown');
    await quiet.close();
  }
  noProblems();
});

test('the host page lists every check with its source and schedule, registered services too', {skip: !servicesHost}, async () => {
  const page = await openPage('/hosts/' + encodeURIComponent(servicesHost));
  const names = Object.keys(expectServices);
  await page.waitForFunction((wanted) => {
    const shown = Array.from(document.querySelectorAll('#check-list tbody tr'), (r) => r.cells[0].textContent);
    return wanted.every((name) => shown.includes(name));
  }, names, {timeout: 20000});
  const headers = await page.evaluate(() => Array.from(document.querySelectorAll('#check-list thead th'), (th) => th.textContent));
  assert.deepEqual(headers, ['Name', 'Type', 'Source', 'Interval', 'Timeout', 'Retries', 'State']);
  const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#check-list tbody tr'),
    (r) => Array.from(r.cells, (c) => c.textContent)));
  for (const [name, state] of Object.entries(expectServices)) {
    const row = rows.find((r) => r[0] === name);
    assert.ok(row, name + ' is listed');
    assert.match(row[2], /monitoring-info\/.+\.conf$/, name + ' comes from its file');
    assert.equal(row[6], state, name + "'s state");
  }
  assert.ok(rows.some((r) => r[2] === 's3'), 'the S3 config\'s checks are listed too');
  // Each response-time chart's y axis names three different levels, a chart without results too.
  const axes = await page.evaluate(() => Array.from(document.querySelectorAll('svg.latency-chart'),
    (chart) => Array.from(chart.querySelectorAll('text'), (t) => t.textContent).filter((t) => t.endsWith(' ms'))));
  assert.ok(axes.length > 0, 'response time charts are drawn');
  for (const labels of axes) assert.equal(new Set(labels).size, labels.length, 'distinct y labels: ' + labels.join(', '));
  await shot(page, 'host-registered-services');
  await page.close();
  noProblems();
});

test('the host page inventory tab shows facts, filters packages and lists changes', {skip: !inventoryHost}, async () => {
  const page = await openPage('/hosts/' + encodeURIComponent(inventoryHost));
  await page.click('#tabs button[data-tab="inventory"]');
  await page.waitForSelector('#packages-table tbody tr', {state: 'attached'});
  assert.equal(await page.isHidden('#checks-tab'), true, 'the checks are hidden on the inventory tab');
  const facts = await page.textContent('#inventory-facts');
  assert.match(facts, /Debian GNU\/Linux 12/);
  assert.match(facts, /Linux 6\.1\.0-13-amd64/);
  assert.match(await page.textContent('#package-count'), /^603 packages; the first 500 shown$/);
  await page.fill('#package-filter', 'openssl');
  await page.waitForFunction(() => document.querySelectorAll('#packages-table tbody tr').length === 1);
  assert.match(await page.textContent('#packages-table tbody'), /openssl3\.0\.13-1~deb12u1/);
  assert.match(await page.textContent('#package-count'), /603 packages, 1 matching/);
  const kinds = await page.evaluate(() => Array.from(document.querySelectorAll('#changes-table tbody tr')).map((r) => r.dataset.kind));
  assert.deepEqual(kinds.sort(), ['package_added', 'package_upgraded']);
  await shot(page, 'host-inventory');
  await page.close();
});

test('the alerts page lists kind, host, time and delivery state', async () => {
  const page = await openPage('/alerts');
  await page.click('#ranges button[data-range="1w"]');
  await page.waitForSelector('#alerts tbody tr.alert');
  const alerts = await page.$$eval('#alerts tbody tr.alert', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind,
    time: tr.querySelector('td.time').textContent,
    delivery: tr.querySelector('.delivery').textContent,
  })));
  assert.ok(alerts.length > 0);
  for (const alert of alerts) {
    assert.match(alert.kind, /^[A-Z_]+$/);
    assert.match(alert.time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(alert.delivery, /^(sent|pending)/);
  }
  await shot(page, 'alerts');
  await page.close();
  noProblems();
});

test('every page links the silences page, where a silence is added and removed', async () => {
  for (const url of ['/', '/alerts', '/logs', '/events']) {
    const page = await openPage(url);
    assert.equal(await page.getAttribute('nav a[href="/silences"]', 'href'), '/silences', `${url} links /silences`);
    await page.close();
  }
  const page = await openPage('/');
  await Promise.all([page.waitForURL(baseUrl + '/silences'), page.click('nav a[href="/silences"]')]);
  await page.waitForFunction(() => /silences?$/.test(document.getElementById('status').textContent));
  const before = await page.$$eval('#silences tbody tr', (trs) => trs.length);
  await page.fill('#silence-host', 'web-browser-test');
  await page.fill('#silence-minutes', '30');
  await page.fill('#silence-comment', 'kernel upgrade');
  await page.click('#silence-form button[type="submit"]');
  const row = page.locator('#silences tbody tr', {hasText: 'web-browser-test'});
  await row.waitFor();
  assert.deepEqual(await row.locator('td').allTextContents().then((cells) => [cells[0], cells[1], cells[4]]),
                   ['web-browser-test', '(whole host)', 'kernel upgrade']);
  assert.equal(await page.$$eval('#silences tbody tr', (trs) => trs.length), before + 1);
  await shot(page, 'silences');
  await row.locator('button').click();
  await row.waitFor({state: 'detached'});
  assert.equal(await page.$$eval('#silences tbody tr', (trs) => trs.length), before);
  assert.equal(await page.locator('#banner').isHidden(), true, 'no error banner');
  await page.close();
  noProblems();
});

test('a hostile hostname is shown as text and runs nothing', {skip: !xssHost}, async () => {
  const dashboard = await openPage('/');
  await dashboard.waitForSelector('#hosts tbody tr.host');
  const row = (await rows(dashboard)).find((r) => r.hostname === xssHost);
  assert.ok(row, 'listed');
  assert.equal(row.shown, xssHost);
  const injected = () => ({
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    images: document.querySelectorAll('img').length,
    foreignSvg: document.querySelectorAll('svg[onload], [onerror]').length,
  });
  assert.deepEqual(await dashboard.evaluate(injected), {inlineScripts: 0, images: 0, foreignSvg: 0});

  const host = await openPage('/hosts/' + encodeURIComponent(xssHost));
  assert.equal(await host.textContent('#hostname'), xssHost);
  assert.equal(await host.title(), 'niam — ' + xssHost);
  await host.waitForSelector('#checks .check');
  assert.deepEqual(await host.evaluate(injected), {inlineScripts: 0, images: 0, foreignSvg: 0});
  await shot(host, 'host-xss');

  const alerts = await openPage('/alerts');
  await alerts.waitForSelector('#alerts tbody tr.alert');
  assert.deepEqual(await alerts.evaluate(injected), {inlineScripts: 0, images: 0, foreignSvg: 0});
  await dashboard.waitForTimeout(1500);  // give any injected timer a chance to fire
  for (const page of [dashboard, host, alerts]) await page.close();
  noProblems();
});

test('bidirectional controls in a hostname are shown escaped', {skip: !bidiHost}, async () => {
  const escaped = bidiHost.replace(/\u202e/g, '<U+202E>');
  const dashboard = await openPage('/');
  await dashboard.waitForSelector('#hosts tbody tr.host');
  const row = (await rows(dashboard)).find((r) => r.hostname === bidiHost);
  assert.ok(row, 'listed');
  assert.equal(row.shown, escaped);
  const chip = await dashboard.$eval(`#hosts tbody tr.host[data-hostname="${bidiHost}"] .chip`, (c) => c.textContent);
  assert.ok(chip.includes('rtl<U+202E>moc.example'), chip);
  const host = await openPage(row && (await dashboard.$eval(`#hosts tbody tr.host[data-hostname="${bidiHost}"] td.host a`,
    (a) => a.getAttribute('href'))));
  assert.equal(await host.textContent('#hostname'), escaped);
  assert.equal(await host.title(), 'niam — ' + escaped);
  await host.waitForSelector('#checks .check');  // the page's API calls used the name as it is
  await shot(host, 'host-bidi');
  for (const page of [dashboard, host]) await page.close();
  noProblems();
});

// [{source, text}] of the logs page's rows, top to bottom.
function logRows(page) {
  return page.$$eval('#log-lines tbody tr.log-line', (trs) => trs.map((tr) => ({
    source: tr.dataset.source,
    text: tr.querySelector('td.line').textContent,
  })));
}

test('the logs page finds a line by its words and filters by source', {skip: !logsHost}, async () => {
  const page = await openPage('/logs?host=' + encodeURIComponent(logsHost));
  await page.waitForSelector('#log-lines tbody tr.log-line');
  assert.equal(await page.$eval('#log-host', (s) => s.value), logsHost);
  await page.fill('#log-search', 'PASSWORD failed');
  await page.click('#log-filters button[type="submit"]');
  await page.waitForFunction(() => {
    const trs = document.querySelectorAll('#log-lines tbody tr.log-line');
    return trs.length === 1 && trs[0].textContent.includes('Failed password');
  }, null, {timeout: 10000, polling: 100});
  const found = await logRows(page);
  assert.deepEqual(found, [{source: '/var/log/auth.log', text: 'sshd[812]: Failed password for root from 203.0.113.9 port 5022 ssh2'}]);
  assert.match(page.url(), /q=PASSWORD\+failed/);
  await shot(page, 'logs-search');

  await page.fill('#log-search', '');
  await page.fill('#log-source', '/var/log/auth.log');
  await page.click('#log-filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll('#log-lines tbody tr.log-line').length === 3, null,
    {timeout: 10000, polling: 100});
  const auth = await logRows(page);
  assert.ok(auth.every((row) => row.source === '/var/log/auth.log'), JSON.stringify(auth));
  // Oldest at the top, like a log file; the hostile line is text.
  assert.match(auth[0].text, /Failed password/);
  assert.equal(auth[2].text, '<img src=x onerror=alert(1)> <U+202E> evil');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img, [onerror]').length), 0);
  await shot(page, 'logs-source');
  await page.close();
  noProblems();
});

test('the live tail appends a line written after the page opened', {skip: !logsHost, timeout: 40000}, async () => {
  const page = await openPage('/logs?host=' + encodeURIComponent(logsHost) + '&source=app');
  const opened = Math.floor(Date.now() / 1000);
  await page.waitForFunction((after) => Array.from(document.querySelectorAll('#log-lines tbody tr.log-line td.line'))
    .some((td) => /^live round (\d+)$/.test(td.textContent) && Number(td.textContent.slice(11)) > after), opened,
  {timeout: 30000, polling: 250});
  const rowsNow = await logRows(page);
  const last = rowsNow[rowsNow.length - 1];
  assert.match(last.text, /^live round \d+$/);
  assert.ok(Number(last.text.slice(11)) > opened, 'the newest line is at the bottom and came after the page opened');
  assert.equal(new Set(rowsNow.map((r) => r.text)).size, rowsNow.length, 'no line shown twice');
  await shot(page, 'logs-live-tail');
  await page.close();
  noProblems();
});

test('the events page lists an ssh.failed with its fields, and filters by kind', {skip: !logsHost}, async () => {
  const host = await openPage('/hosts/' + encodeURIComponent(logsHost));
  const eventsHref = await host.$eval('#events-link', (a) => a.getAttribute('href'));
  assert.match(await host.$eval('#logs-link', (a) => a.getAttribute('href')), /^\/logs\?host=/);
  await host.close();
  const page = await openPage(eventsHref);
  await page.waitForSelector('#events tbody tr.event');
  const events = () => page.$$eval('#events tbody tr.event', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind,
    chips: Array.from(tr.querySelectorAll('.field-chip'), (c) => c.textContent),
    raw: tr.querySelector('td.line').textContent,
  })));
  const all = await events();
  assert.deepEqual(all.map((e) => e.kind), ['docker.die', 'ssh.failed']);
  const failed = all.find((e) => e.kind === 'ssh.failed');
  assert.deepEqual(failed.chips, ['user=root', 'method=password', 'source=203.0.113.9', 'port=5022']);
  assert.equal(failed.raw, 'Failed password for root from 203.0.113.9 port 5022 ssh2');
  await page.selectOption('#event-kind', 'ssh.failed');
  await page.waitForFunction(() => document.querySelectorAll('#events tbody tr.event').length === 1, null,
    {timeout: 10000, polling: 100});
  assert.deepEqual((await events()).map((e) => e.kind), ['ssh.failed']);
  await shot(page, 'events');
  await page.close();
  noProblems();
});
