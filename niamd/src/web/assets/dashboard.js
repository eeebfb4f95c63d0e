// The host list, a page at a time: the state counts from /api/summary, the hosts from
// /api/hosts (worst state first, filtered and searched on the server), "Show 200 more" after
// the last row. Every 2 s it asks again with ?since=<snapshot>, so rows that did not change
// come back as stubs and only changed rows are sent whole. The filter is kept in the URL
// fragment (#MISSING). Performance marks: niam:counts and niam:hosts when first drawn.
'use strict';

(() => {
  const {el} = niam;
  const POLL_MS = 2000;
  const PAGE = 200;
  const MAX_SHOWN = 1000;  // the most /api/hosts gives at once: the poll covers every shown row
  const tbody = document.querySelector('#hosts tbody');
  const empty = document.getElementById('empty');
  const more = document.getElementById('more');
  const shownText = document.getElementById('shown');
  const search = document.getElementById('search');
  let filter = 'ALL';
  let q = '';
  let rows = [];           // host objects shown, in the server's order
  let snapshot = null;     // the snapshot number they are as of
  let total = 0;
  let nextCursor = null;
  let wanted = PAGE;       // rows asked for (grows by a page with "more")
  let generation = 0;      // bumped when the filter or search changes: late answers are dropped
  const marked = new Set();

  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (niam.STATES.includes(fromHash)) filter = fromHash;

  function mark(name) {
    if (marked.has(name)) return;
    marked.add(name);
    requestAnimationFrame(() => performance.mark(name));
  }

  function key(host) {
    return host.hostname + '\u0000' + host.instance;
  }

  function checkChip(check) {
    const failed = check.status !== 'OK';
    const title = niam.checkLabel(check) + ' — ' + check.status +
      (check.latency_ms !== null ? ' in ' + check.latency_ms + ' ms' : '') +
      (check.output ? ' — ' + check.output : '');
    return el('span', {className: 'chip ' + (failed ? 'failed' : 'ok'), title, dataset: {status: check.status}},
      niam.checkLabel(check));
  }

  function hostRow(host) {
    const chips = el('div', {className: 'chips'}, ...host.checks.map(checkChip));
    if (!host.checks.length) chips.append(el('span', {className: 'sub', text: 'no checks'}));
    let seen = niam.ago(host.seen_ago);
    if (host.purge_in !== null && host.purge_in !== undefined) seen += ' · purge in ' + niam.ago(host.purge_in).replace(' ago', '');
    return el('tr', {className: 'host ' + niam.stateClass(host.state),
                     dataset: {hostname: host.hostname, instance: host.instance, state: host.state}},
      el('td', {className: 'state'}, el('span', {className: 'badge ' + niam.stateClass(host.state),
                                                 text: niam.stateLabel(host.state)})),
      el('td', {className: 'host'}, el('a', {href: niam.hostUrl(host.hostname, host.instance), text: host.hostname}),
        host.detail ? el('div', {className: 'sub', text: host.detail}) : null),
      el('td', {className: 'instance', text: host.instance}),
      el('td', {className: 'time', title: niam.timeText(host.last_ping), text: seen}),
      el('td', {className: 'checks'}, chips));
  }

  function showCounts(summary) {
    const counts = Object.assign({ALL: summary.hosts}, summary.states);
    for (const [state, n] of Object.entries(counts)) {
      const badge = document.getElementById('count-' + state);
      if (badge) badge.textContent = n.toLocaleString('en-US');
    }
    niam.setBanner(summary.queue_reachable ? '' : 'The master cannot reach its queue: states may be stale.');
    mark('niam:counts');
  }

  function render() {
    tbody.replaceChildren(...rows.map(hostRow));
    empty.hidden = rows.length > 0;
    shownText.textContent = rows.length < total ? 'showing ' + rows.length.toLocaleString('en-US') + ' of ' +
      total.toLocaleString('en-US') + (rows.length >= MAX_SHOWN ? ' — search or pick a state to see others' : '') : '';
    more.hidden = !nextCursor || rows.length >= MAX_SHOWN;
    mark('niam:hosts');
  }

  function params(extra) {
    const search = new URLSearchParams(extra);
    if (filter !== 'ALL') search.set('state', filter);
    if (q) search.set('q', q);
    return '/api/hosts?' + search.toString();
  }

  // Rows of an answer with the stubs filled from what is shown; null when a stub is unknown.
  function patched(body, known) {
    const out = [];
    for (const host of body.hosts) {
      if (!host.unchanged) {
        out.push(host);
        continue;
      }
      const had = known.get(key(host));
      if (!had) return null;
      const row = Object.assign({}, had, {seen_ago: body.now - had.last_ping});
      if (had.purge_in !== null && had.purge_in !== undefined) {
        row.purge_in = Math.max(0, had.last_ping + body.purge_after - body.now);
      }
      out.push(row);
    }
    return out;
  }

  function take(body, list) {
    rows = list;
    snapshot = body.snapshot;
    total = body.total;
    nextCursor = body.next_cursor;
    render();
    niam.setStatus('updated ' + niam.timeText(body.now).slice(11));
  }

  async function refresh() {
    const mine = generation;
    const limit = Math.min(Math.max(wanted, PAGE), MAX_SHOWN);
    const asked = {limit: String(limit)};
    if (snapshot !== null) asked.since = String(snapshot);
    // The counts are drawn as soon as they come, not after the rows.
    const counted = niam.getJson('/api/summary').then((summary) => showCounts(summary));
    const [body] = await Promise.all([niam.getJson(params(asked)), counted]);
    if (mine !== generation) return;
    const known = new Map(rows.map((h) => [key(h), h]));
    let list = body.reload ? body.hosts : patched(body, known);
    if (list === null) {
      // A row slid in that this page never had: ask for the rows whole.
      const whole = await niam.getJson(params({limit: String(limit)}));
      if (mine !== generation) return;
      take(whole, whole.hosts);
      return;
    }
    take(body, list);
  }

  const poll = niam.every(POLL_MS, async () => {
    try {
      await refresh();
    } catch (e) {
      niam.setStatus('cannot reach the master: ' + e.message, true);
    }
  });

  function restart() {
    generation += 1;
    rows = [];
    snapshot = null;
    nextCursor = null;
    wanted = PAGE;
    poll();
  }

  more.addEventListener('click', async () => {
    if (!nextCursor) return;
    const mine = generation;
    try {
      const body = await niam.getJson(params({limit: String(PAGE), cursor: nextCursor}));
      if (mine !== generation) return;
      const have = new Set(rows.map(key));
      rows = rows.concat(body.hosts.filter((h) => !have.has(key(h))));
      wanted = rows.length;
      nextCursor = body.next_cursor;
      total = body.total;
      render();
    } catch (e) {
      niam.setStatus('cannot load more hosts: ' + e.message, true);
    }
  });

  niam.pressGroup(document.getElementById('filters'), 'filter', filter, (value) => {
    filter = value;
    history.replaceState(null, '', value === 'ALL' ? location.pathname : '#' + value);
    restart();
  });

  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      if (search.value.trim() === q) return;
      q = search.value.trim();
      restart();
    }, 250);
  });
})();
