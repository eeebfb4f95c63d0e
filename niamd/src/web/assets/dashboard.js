// The host list: polls /api/hosts every 2 s and redraws the table; the filter is kept in
// the URL fragment (#MISSING).
'use strict';

(() => {
  const {el} = niam;
  const POLL_MS = 2000;
  const tbody = document.querySelector('#hosts tbody');
  const empty = document.getElementById('empty');
  let filter = 'ALL';
  let latest = null;

  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (niam.STATES.includes(fromHash)) filter = fromHash;

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

  function render() {
    if (!latest) return;
    const counts = Object.assign({}, latest.counts);
    counts.ALL = latest.hosts.length;
    for (const [state, n] of Object.entries(counts)) {
      const badge = document.getElementById('count-' + state);
      if (badge) badge.textContent = String(n);
    }
    const shown = latest.hosts.filter((h) => filter === 'ALL' || h.state === filter);
    tbody.replaceChildren(...shown.map(hostRow));
    empty.hidden = shown.length > 0;
    niam.setBanner(latest.queue_reachable ? '' : 'The master cannot reach its queue: states may be stale.');
  }

  niam.pressGroup(document.getElementById('filters'), 'filter', filter, (value) => {
    filter = value;
    history.replaceState(null, '', value === 'ALL' ? location.pathname : '#' + value);
    render();
  });

  niam.every(POLL_MS, async () => {
    try {
      latest = await niam.getJson('/api/hosts');
      render();
      niam.setStatus('updated ' + niam.timeText(latest.now).slice(11));
    } catch (e) {
      niam.setStatus('cannot reach the master: ' + e.message, true);
    }
  });
})();
