// The logs page: a host's lines from /api/logs (host, source and words from the form, kept in
// the URL), oldest at the top like a log file; "Older lines" follows the page's `next`
// cursor. The live tail asks every 2 s for the lines since the newest one shown and appends
// those not shown yet. At most MAX_ROWS rows stay in the page (the oldest go first).
'use strict';

(() => {
  const {el} = niam;
  const MAX_ROWS = 2000;
  const TAIL_MS = 2000;
  const form = document.getElementById('log-filters');
  const hostSelect = document.getElementById('log-host');
  const sourceInput = document.getElementById('log-source');
  const searchInput = document.getElementById('log-search');
  const tailBox = document.getElementById('log-tail');
  const olderButton = document.getElementById('log-older');
  const sources = document.getElementById('log-sources');
  const tbody = document.querySelector('#log-lines tbody');
  const empty = document.getElementById('empty');

  const url = new URLSearchParams(location.search);
  let filter = {host: url.get('host') || '', instance: url.get('instance') || '', source: url.get('source') || '',
                q: url.get('q') || ''};
  sourceInput.value = filter.source;
  searchInput.value = filter.q;
  let shown = new Set();  // source + '\n' + seq of every row in the page
  let newest = null;      // time of the newest line shown
  let next = null;        // cursor of the page before the oldest shown
  let generation = 0;     // a new search makes answers to the old one void

  const lineKey = (line) => line.source + '\n' + line.seq;

  function lineRow(line) {
    const cut = line.cut ? el('span', {className: 'sub', text: ' [' + line.cut + ' bytes cut]'}) : null;
    return el('tr', {className: 'log-line', dataset: {source: line.source, seq: String(line.seq)}},
      el('td', {className: 'time', text: niam.timeText(line.time)}),
      el('td', {className: 'source', text: line.source + (line.stream ? ' (' + line.stream + ')' : '')}),
      el('td', {className: 'line', text: line.line}, cut));
  }

  function query(extra) {
    const params = {host: filter.host};
    if (filter.instance) params.instance = filter.instance;
    if (filter.source) params.source = filter.source;
    if (filter.q) params.q = filter.q;
    return '/api/logs?' + new URLSearchParams(Object.assign(params, extra)).toString();
  }

  function noteSources(lines) {
    const known = new Set(Array.from(sources.options, (o) => o.value));
    for (const line of lines) {
      if (known.has(line.source) || known.size >= 200) continue;
      known.add(line.source);
      sources.append(el('option', {value: line.source}));
    }
  }

  // Lines newest first (as the API sends them) into the page: at the bottom (newer ones) or the top.
  function add(lines, atTop) {
    const fresh = lines.filter((line) => !shown.has(lineKey(line)));
    for (const line of fresh) shown.add(lineKey(line));
    const rows = fresh.slice().reverse().map(lineRow);
    if (atTop) tbody.prepend(...rows);
    else tbody.append(...rows);
    for (const line of fresh) if (newest === null || line.time > newest) newest = line.time;
    while (tbody.rows.length > MAX_ROWS) {
      const drop = atTop ? tbody.lastElementChild : tbody.firstElementChild;
      shown.delete(drop.dataset.source + '\n' + drop.dataset.seq);
      drop.remove();
    }
    empty.hidden = tbody.rows.length > 0;
    noteSources(fresh);
    return fresh.length;
  }

  async function load() {
    const mine = ++generation;
    tbody.replaceChildren();
    shown = new Set();
    newest = null;
    next = null;
    if (!filter.host) {
      empty.hidden = false;
      niam.setStatus('pick a host');
      return;
    }
    try {
      const body = await niam.getJson(query({limit: '200'}));
      if (mine !== generation) return;
      add(body.lines, false);
      next = body.next;
      olderButton.hidden = !next;
      niam.setStatus(body.lines.length + ' lines');
      niam.setBanner('');
    } catch (e) {
      niam.setStatus('cannot load the lines: ' + e.message, true);
    }
  }

  async function older() {
    if (!next) return;
    const mine = generation;
    try {
      const body = await niam.getJson(query({limit: '200', before: next}));
      if (mine !== generation) return;
      add(body.lines, true);
      next = body.next;
      olderButton.hidden = !next;
    } catch (e) {
      niam.setStatus('cannot load older lines: ' + e.message, true);
    }
  }

  async function tail() {
    if (!tailBox.checked || !filter.host) return;
    const mine = generation;
    try {
      const extra = {limit: '1000'};
      if (newest !== null) extra.since = String(newest);
      const body = await niam.getJson(query(extra));
      if (mine !== generation) return;
      const added = add(body.lines, false);
      if (added) niam.setStatus('tail: ' + added + ' new at ' + niam.timeText(Date.now() / 1000).slice(11));
    } catch (e) {
      niam.setStatus('live tail failed: ' + e.message, true);
    }
  }

  async function loadHosts() {
    await niam.fillHostSelect(hostSelect, filter.host);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const host = hostSelect.value;
    filter = {host, instance: host === filter.host ? filter.instance : '', source: sourceInput.value.trim(),
              q: searchInput.value.trim()};
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
    history.replaceState(null, '', '/logs?' + params.toString());
    load();
  });
  hostSelect.addEventListener('change', () => form.requestSubmit());
  olderButton.addEventListener('click', older);

  loadHosts().then(load).then(() => niam.every(TAIL_MS, tail));
})();
