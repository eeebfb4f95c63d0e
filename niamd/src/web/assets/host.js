// The host page: current state every 5 s (with what the host's client dropped from its
// outbox, its backlog and the metric plugins' errors, when there are any), and the charts
// of the chosen range (last hour, day or week, kept in the URL fragment) every 30 s: checks
// from /api/history, and on the metrics tab the host's metrics from /api/metrics (cpu,
// memory, load, each filesystem, each interface, then one chart per other metric); on the
// inventory tab the host's inventory (inventory.js).
'use strict';

(() => {
  const {el} = niam;
  const hostname = document.body.dataset.hostname;
  const instance = document.body.dataset.instance;
  const RANGES = {'1h': 3600, '1d': 86400, '1w': 7 * 86400};
  let range = RANGES[location.hash.slice(1)] ? location.hash.slice(1) : '1h';
  let current = null;

  const query = (extra) => {
    const params = new URLSearchParams(Object.assign({host: hostname, instance}, extra));
    return params.toString();
  };
  document.getElementById('logs-link').href = '/logs?' + query();
  document.getElementById('events-link').href = '/events?' + query();

  function showHost(host) {
    current = host;
    const badge = document.getElementById('state');
    badge.className = 'badge ' + niam.stateClass(host.state);
    badge.textContent = niam.stateLabel(host.state);
    document.getElementById('last-seen').textContent = niam.ago(host.seen_ago) + ' (' + niam.timeText(host.last_ping) + ')';
    document.getElementById('status-since').textContent = niam.shown(host.status) + ' since ' + niam.timeText(host.status_since);
    document.getElementById('first-seen').textContent = niam.timeText(host.first_seen);
    document.getElementById('detail').textContent = host.detail ? niam.shown(host.detail) : (host.purge_in !== null ? 'purged in ' + niam.ago(host.purge_in).replace(' ago', '') : '');
    showOutbox(host.outbox);
    showPluginErrors(host.checks);
    showCheckList(host.checks);
  }

  // Every check of the host, the S3 config's and the registered services' (PENDING before
  // their first result, MISSING when it never came): name, type, source, schedule, state.
  function showCheckList(checks) {
    const seconds = (value) => value === null || value === undefined ? 'host' : value + ' s';
    const rows = checks.map((c) => el('tr', {className: 'check-row'},
      el('td', {text: niam.shown(c.name)}),
      el('td', {text: niam.shown(c.type)}),
      el('td', {text: niam.shown(c.source)}),
      el('td', {text: seconds(c.interval)}),
      el('td', {text: seconds(c.timeout)}),
      el('td', {text: String(c.retries)}),
      el('td', {}, el('span', {className: 'badge ' + niam.stateClass(c.state === 'FAILED' ? 'CHECK_FAILING' : c.state), text: niam.shown(c.state)}))));
    document.querySelector('#check-list tbody').replaceChildren(...rows);
    document.getElementById('check-list').hidden = !rows.length;
  }

  const DROP_LABELS = {metric: 'metrics', check: 'checks', ping: 'pings', log: 'log lines'};

  // A fact (dt + dd) shown only when it has a text.
  function fact(id, text) {
    const dd = document.getElementById(id);
    dd.textContent = text;
    dd.hidden = !text;
    document.getElementById(id + '-label').hidden = !text;
  }

  // What the client said of its outbox (null: nothing yet): drops and backlog when not zero.
  function showOutbox(outbox) {
    const dropped = outbox ? Object.entries(outbox.dropped) : [];
    const total = dropped.reduce((n, [, count]) => n + count, 0);
    fact('client-dropped', total ? total + ' (' +
      dropped.map(([kind, count]) => (DROP_LABELS[kind] || niam.shown(kind)) + ' ' + count).join(', ') + ')' : '');
    const records = outbox ? outbox.records : 0;
    fact('client-backlog', records ? records + ' record' + (records === 1 ? '' : 's') + ' waiting (' +
      (outbox.bytes / 1024).toFixed(1) + ' KiB)' : '');
  }

  // The metric plugins' open problems (PROBLEM metric records, docs/protocol.md).
  function showPluginErrors(checks) {
    const failing = checks.filter((c) => c.kind === 'PROBLEM' && c.target === 'metric' && c.status !== 'OK');
    const box = document.getElementById('plugin-errors');
    box.hidden = !failing.length;
    box.querySelector('ul').replaceChildren(...failing.map((c) => el('li', {dataset: {plugin: c.port_or_arg}},
      el('span', {text: c.port_or_arg}), ': ', el('span', {className: 'output', text: c.output}),
      ' ', el('span', {className: 'sub', text: 'since ' + niam.timeText(c.since)}))));
  }

  function checkSection(check, from, to) {
    const state = current && current.checks.find((c) => c.check === check.check && c.kind === check.kind);
    const header = el('h3', {}, niam.checkLabel(check), ' ');
    if (state) {
      header.append(el('span', {className: 'badge ' + (state.status === 'OK' ? 'state-ok' : 'state-missing'), text: state.status}));
    }
    const section = el('div', {className: 'check', dataset: {check: check.check, kind: check.kind}}, header);
    if (state && state.output) section.append(el('div', {className: 'output', text: state.output}));
    const points = check.points || [];
    if (!points.length) section.append(el('p', {className: 'note', text: 'No results in this range.'}));
    section.append(el('div', {className: 'chart'}, charts.statusStrip(points, from, to)));
    section.append(el('div', {className: 'chart'}, charts.latencyChart(points, from, to)));
    return section;
  }

  async function refreshHost() {
    try {
      showHost(await niam.getJson('/api/hosts/' + encodeURIComponent(hostname) + '?' +
                                  new URLSearchParams({instance}).toString()));
      niam.setBanner('');
      niam.setStatus('updated ' + niam.timeText(Math.floor(Date.now() / 1000)).slice(11));
    } catch (e) {
      niam.setStatus('cannot load the host: ' + e.message, true);
      if (e.status === 404) niam.setBanner('This host is no longer known to the master.');
    }
  }

  async function refreshHistory() {
    try {
      const data = await niam.getJson('/api/history?' + query({since: range}));
      const from = data.since;
      const to = data.now;
      document.getElementById('timeline').replaceChildren(charts.timeline(data.timeline, from, to));
      const note = document.getElementById('history-note');
      note.textContent = data.heartbeats + ' heartbeats' + (data.truncated ? ' (too many rows: the oldest are not shown)' : '');
      note.hidden = false;
      const byCheck = data.checks;
      document.getElementById('checks').replaceChildren(...byCheck.map((c) => checkSection(c, from, to)));
      if (!byCheck.length) document.getElementById('checks').replaceChildren(el('p', {className: 'note', text: 'No checks.'}));
    } catch (e) {
      niam.setStatus('cannot load the history: ' + e.message, true);
    }
  }

  const MAX_CHARTS = 40;
  const SYSTEM = /^(cpu|mem|swap|load|proc|users|fs|disk|net|tcp)\./;
  const tagText = (tags) => Object.entries(tags).map(([k, v]) => k + '=' + v).join(' ');
  let tab = 'checks';

  // The charts to draw, each {title, unit, series: [metric, ...]}, from the latest values.
  function chartGroups(metrics) {
    const groups = [];
    const add = (title, unit, test) => {
      const series = metrics.filter(test);
      if (series.length) groups.push({title, unit, series});
    };
    add('CPU', '%', (m) => /^cpu\.(user|system|iowait|steal)_pct$/.test(m.name));
    add('Memory', '%', (m) => m.name === 'mem.used_pct');
    add('Load', '', (m) => /^load\.(1|5|15)$/.test(m.name));
    const each = (tag, title, names, unit) => {
      const values = [...new Set(metrics.filter((m) => names.includes(m.name) && tag in m.tags).map((m) => m.tags[tag]))];
      for (const value of values.sort()) {
        add(title + ' ' + value, unit, (m) => names.includes(m.name) && m.tags[tag] === value);
      }
    };
    each('mount', 'Filesystem', ['fs.used_pct', 'fs.inodes_used_pct'], '%');
    each('if', 'Interface', ['net.rx_bytes_per_s', 'net.tx_bytes_per_s'], 'B/s');
    for (const m of metrics) {
      if (SYSTEM.test(m.name) || m.name === 'uptime') continue;
      groups.push({title: m.name + (Object.keys(m.tags).length ? ' ' + tagText(m.tags) : ''), unit: m.unit, series: [m]});
    }
    return groups;
  }

  async function points(metric) {
    const params = new URLSearchParams({host: hostname, instance, name: metric.name});
    for (const [k, v] of Object.entries(metric.tags)) params.append('tag', k + '=' + v);
    params.append('since', range);
    return niam.getJson('/api/metrics?' + params.toString());
  }

  async function refreshMetrics() {
    if (tab !== 'metrics') return;
    const shownRange = range;
    try {
      const latest = await niam.getJson('/api/metrics?' + query({}));
      const groups = chartGroups(latest.metrics);
      const shown = groups.slice(0, MAX_CHARTS);
      const note = document.getElementById('metrics-note');
      note.textContent = latest.metrics.length + ' series' +
        (groups.length > shown.length ? '; the first ' + shown.length + ' charts shown' : '');
      note.hidden = false;
      const sections = await Promise.all(shown.map(async (group) => {
        const lines = await Promise.all(group.series.map(async (m) => {
          const data = await points(m);
          return {label: m.name + (group.series.length > 1 && Object.keys(m.tags).length > 1 ? ' ' + tagText(m.tags) : ''),
                  points: data.points, since: data.since, until: data.until};
        }));
        const from = lines.length ? lines[0].since : 0;
        const to = lines.length ? lines[0].until : 0;
        return el('div', {className: 'metric', dataset: {chart: group.title}}, el('h3', {text: group.title}),
                  el('div', {className: 'chart'}, charts.metricChart(lines, from, to, group.unit, group.title)));
      }));
      const box = document.getElementById('metrics');
      box.dataset.range = shownRange;
      if (sections.length) box.replaceChildren(...sections);
      else box.replaceChildren(el('p', {className: 'note', text: 'No metrics from this host.'}));
    } catch (e) {
      niam.setStatus('cannot load the metrics: ' + e.message, true);
    }
  }

  async function refreshInventory() {
    if (tab === 'inventory') await inventoryTab.refresh(hostname, instance);
  }

  niam.every(5000, refreshHost);
  const redraw = niam.every(30000, refreshHistory);
  const redrawMetrics = niam.every(30000, refreshMetrics);
  const redrawInventory = niam.every(60000, refreshInventory);
  niam.pressGroup(document.getElementById('ranges'), 'range', range, (value) => {
    range = value;
    history.replaceState(null, '', location.pathname + location.search + '#' + value);
    redraw();
    redrawMetrics();
  });
  niam.pressGroup(document.getElementById('tabs'), 'tab', tab, (value) => {
    tab = value;
    document.getElementById('checks-tab').hidden = value !== 'checks';
    document.getElementById('metrics-tab').hidden = value !== 'metrics';
    document.getElementById('inventory-tab').hidden = value !== 'inventory';
    redrawMetrics();
    redrawInventory();
  });
})();
