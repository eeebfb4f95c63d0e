// The events page: a host's events from /api/events (host and kind in the URL) every 10 s,
// newest first: the kind, the fields as key=value chips and the raw line they were read from.
'use strict';

(() => {
  const {el} = niam;
  const hostSelect = document.getElementById('event-host');
  const kindSelect = document.getElementById('event-kind');
  const tbody = document.querySelector('#events tbody');
  const empty = document.getElementById('empty');
  const url = new URLSearchParams(location.search);
  let filter = {host: url.get('host') || '', instance: url.get('instance') || '', kind: url.get('kind') || ''};

  function eventRow(event) {
    const chips = Object.entries(event.fields).map(([key, value]) =>
      el('span', {className: 'field-chip', text: key + '=' + value}));
    return el('tr', {className: 'event', dataset: {kind: event.kind}},
      el('td', {className: 'time', text: niam.timeText(event.time)}),
      el('td', {}, el('span', {className: 'badge kind-' + niam.token(event.kind), text: event.kind})),
      el('td', {}, el('div', {className: 'chips'}, ...chips)),
      el('td', {className: 'line', text: event.raw}));
  }

  const refresh = niam.every(10000, async () => {
    if (!filter.host) {
      tbody.replaceChildren();
      empty.hidden = false;
      niam.setStatus('pick a host');
      return;
    }
    const params = {host: filter.host, limit: '500'};
    if (filter.instance) params.instance = filter.instance;
    if (filter.kind) params.kind = filter.kind;
    try {
      const body = await niam.getJson('/api/events?' + new URLSearchParams(params).toString());
      tbody.replaceChildren(...body.events.map(eventRow));
      empty.hidden = body.events.length > 0;
      niam.setStatus(body.events.length + ' events');
    } catch (e) {
      niam.setStatus('cannot load the events: ' + e.message, true);
    }
  });

  function pick() {
    filter = {host: hostSelect.value, instance: hostSelect.value === filter.host ? filter.instance : '',
              kind: kindSelect.value};
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
    history.replaceState(null, '', '/events?' + params.toString());
    refresh();
  }

  (async () => {
    await niam.fillHostSelect(hostSelect, filter.host);
    if (filter.kind && !Array.from(kindSelect.options, (o) => o.value).includes(filter.kind)) {
      kindSelect.append(el('option', {value: filter.kind, text: filter.kind}));
    }
    kindSelect.value = filter.kind;
  })();
  hostSelect.addEventListener('change', pick);
  kindSelect.addEventListener('change', pick);
  document.getElementById('event-filters').addEventListener('submit', (event) => event.preventDefault());
})();
