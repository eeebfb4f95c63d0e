// The silences page: lists /api/silences, adds one (POST) and removes one (DELETE), sending
// the niam_csrf cookie's value as X-CSRF-Token (docs/web.md "Changes").
'use strict';

(() => {
  const {el, getJson, timeText, setStatus, setBanner} = niam;

  function csrfToken() {
    for (const part of document.cookie.split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === 'niam_csrf') return value || '';
    }
    return '';
  }

  async function change(method, url, body) {
    const headers = {Accept: 'application/json', 'X-CSRF-Token': csrfToken()};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {method, credentials: 'same-origin', headers,
                                       body: body === undefined ? undefined : JSON.stringify(body)});
    let answer = null;
    try {
      answer = await response.json();
    } catch (e) {
      answer = null;
    }
    if (!response.ok) throw new Error(answer && typeof answer.error === 'string' ? answer.error : 'HTTP ' + response.status);
    return answer;
  }

  async function load() {
    try {
      const body = await getJson('/api/silences');
      const rows = body.silences.map((s) => {
        const remove = el('button', {type: 'button', text: 'Remove'});
        remove.addEventListener('click', async () => {
          try {
            await change('DELETE', '/api/silences/' + encodeURIComponent(String(s.id)));
            await load();
          } catch (e) {
            setBanner('cannot remove the silence: ' + e.message);
          }
        });
        return el('tr', {}, el('td', {text: s.host}), el('td', {text: s.check || '(whole host)'}),
                  el('td', {text: timeText(s.starts)}), el('td', {text: timeText(s.ends)}),
                  el('td', {text: s.comment}), el('td', {text: s.author}), el('td', {}, remove));
      });
      document.querySelector('#silences tbody').replaceChildren(...rows);
      document.getElementById('empty').hidden = rows.length > 0;
      setStatus(rows.length + (rows.length === 1 ? ' silence' : ' silences'));
    } catch (e) {
      setStatus('cannot load the silences: ' + e.message, true);
    }
  }

  document.getElementById('silence-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = {
      host: document.getElementById('silence-host').value.trim(),
      duration_seconds: Math.round(Number(document.getElementById('silence-minutes').value) * 60),
      comment: document.getElementById('silence-comment').value,
    };
    const check = document.getElementById('silence-check').value.trim();
    if (check) request.check = check;
    try {
      await change('POST', '/api/silences', request);
      setBanner('');
      await load();
    } catch (e) {
      setBanner('cannot add the silence: ' + e.message);
    }
  });
  load();
})();
