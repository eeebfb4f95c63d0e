// The host page: current state every 5 s, and the charts of the chosen range (last hour,
// day or week, kept in the URL fragment) from /api/history every 30 s.
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

  function showHost(host) {
    current = host;
    const badge = document.getElementById('state');
    badge.className = 'badge ' + niam.stateClass(host.state);
    badge.textContent = niam.stateLabel(host.state);
    document.getElementById('last-seen').textContent = niam.ago(host.seen_ago) + ' (' + niam.timeText(host.last_ping) + ')';
    document.getElementById('status-since').textContent = niam.shown(host.status) + ' since ' + niam.timeText(host.status_since);
    document.getElementById('first-seen').textContent = niam.timeText(host.first_seen);
    document.getElementById('detail').textContent = host.detail ? niam.shown(host.detail) : (host.purge_in !== null ? 'purged in ' + niam.ago(host.purge_in).replace(' ago', '') : '');
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

  niam.every(5000, refreshHost);
  const redraw = niam.every(30000, refreshHistory);
  niam.pressGroup(document.getElementById('ranges'), 'range', range, (value) => {
    range = value;
    history.replaceState(null, '', location.pathname + location.search + '#' + value);
    redraw();
  });
})();
