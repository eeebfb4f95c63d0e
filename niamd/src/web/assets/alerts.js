// The alerts page: /api/alerts for the chosen range every 10 s, newest first.
'use strict';

(() => {
  const {el} = niam;
  const tbody = document.querySelector('#alerts tbody');
  const empty = document.getElementById('empty');
  const RANGES = ['1h', '1d', '1w'];
  let range = RANGES.includes(location.hash.slice(1)) ? location.hash.slice(1) : '1d';

  function delivery(alert) {
    if (alert.delivery === 'sent') {
      return el('span', {className: 'delivery sent', text: 'sent ' + niam.timeText(alert.sent_at)});
    }
    const text = 'pending' + (alert.attempts ? ' (' + alert.attempts + ' attempts)' : '');
    return el('span', {className: 'delivery pending', title: alert.last_error || null, text},
      alert.last_error ? el('div', {className: 'sub', text: alert.last_error}) : null);
  }

  function alertRow(alert) {
    const host = alert.hostname
      ? el('a', {href: niam.hostUrl(alert.hostname, alert.instance), text: alert.hostname})
      : el('span', {className: 'sub', text: '(queue)'});
    return el('tr', {className: 'alert', dataset: {kind: alert.kind, hostname: alert.hostname}},
      el('td', {className: 'time', text: niam.timeText(alert.time)}),
      el('td', {}, el('span', {className: 'badge kind-' + niam.token(alert.kind), text: alert.kind})),
      el('td', {className: 'host'}, host, alert.instance ? el('div', {className: 'sub', text: alert.instance}) : null),
      el('td', {className: 'detail', title: alert.subject, text: alert.detail}),
      el('td', {}, delivery(alert)));
  }

  const refresh = niam.every(10000, async () => {
    try {
      const body = await niam.getJson('/api/alerts?since=' + encodeURIComponent(range));
      const rows = body.alerts.slice().reverse().map(alertRow);
      tbody.replaceChildren(...rows);
      empty.hidden = rows.length > 0;
      niam.setStatus('updated ' + niam.timeText(body.now).slice(11));
    } catch (e) {
      niam.setStatus('cannot load the alerts: ' + e.message, true);
    }
  });

  niam.pressGroup(document.getElementById('ranges'), 'range', range, (value) => {
    range = value;
    history.replaceState(null, '', '#' + value);
    refresh();
  });
})();
