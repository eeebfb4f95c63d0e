// Shared by every page: building elements (text only, never HTML), fetching the API,
// formatting times. Values from the server are only ever set through textContent or
// attributes, so a hostname like <script> stays text.
'use strict';

const niam = (() => {
  const STATES = ['OK', 'CHECK_FAILING', 'MISSING', 'PURGE_SOON', 'INSTANCE_GONE'];
  const STATE_LABELS = {
    OK: 'OK',
    CHECK_FAILING: 'Check failing',
    MISSING: 'Missing',
    PURGE_SOON: 'Purged soon',
    INSTANCE_GONE: 'Instance gone',
  };

  // Characters that reorder or break the text around them without showing themselves:
  // C0 controls but tab and line feed, DEL, C1 controls (CSI, NEL), the bidirectional
  // controls and U+2028/U+2029. Shown as "<U+202E>", so "ab<U+202E>dc" is not read "abcd".
  const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
  function shown(text) {
    return String(text).replace(HIDDEN, (c) => '<U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '>');
  }

  // el('td', {className: 'host', title: 'x'}, child, 'text', ...). Text and attributes
  // are shown(), but href and data-* (used to build URLs) keep the value as it is.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (name === 'className') node.className = value;
      else if (name === 'text') node.textContent = shown(value);
      else if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name === 'href') node.setAttribute(name, String(value));
      else node.setAttribute(name, shown(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(shown(child)));
    }
    return node;
  }

  // A CSS class from a token the server sends: only [a-z0-9-] survive.
  function token(text) {
    return String(text).toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9-]/g, '');
  }

  function stateClass(state) {
    return 'state-' + (STATES.includes(state) ? token(state) : 'unknown');
  }

  function stateLabel(state) {
    return STATE_LABELS[state] || String(state);
  }

  async function getJson(url) {
    const response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // 12 -> "12 s ago", 300 -> "5 min ago", 7200 -> "2 h ago", 172800 -> "2 d ago".
  function ago(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
    if (seconds < 0) seconds = 0;
    if (seconds < 120) return Math.floor(seconds) + ' s ago';
    if (seconds < 7200) return Math.floor(seconds / 60) + ' min ago';
    if (seconds < 172800) return Math.floor(seconds / 3600) + ' h ago';
    return Math.floor(seconds / 86400) + ' d ago';
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  // Unix seconds -> "2024-05-01 13:04:05" in the browser's time zone.
  function timeText(unix) {
    if (!unix) return '—';
    const d = new Date(unix * 1000);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function shortTime(unix, span) {
    const d = new Date(unix * 1000);
    const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
    return span > 2 * 86400 ? pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm : hm;
  }

  function checkLabel(check) {
    const arg = check.port_or_arg ? ':' + check.port_or_arg : '';
    return check.kind + ' ' + check.target + arg;
  }

  function hostUrl(hostname, instance) {
    let url = '/hosts/' + encodeURIComponent(hostname);
    if (instance) url += '?instance=' + encodeURIComponent(instance);
    return url;
  }

  function setStatus(text, isError) {
    const status = document.getElementById('status');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function setBanner(text) {
    const banner = document.getElementById('banner');
    if (!banner) return;
    banner.textContent = text || '';
    banner.hidden = !text;
  }

  // Buttons with data-<key> in a group: one pressed at a time; onPick(value).
  function pressGroup(group, key, current, onPick) {
    const buttons = Array.from(group.querySelectorAll('button[data-' + key + ']'));
    const show = (value) => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset[key] === value));
    };
    for (const b of buttons) {
      b.addEventListener('click', () => {
        show(b.dataset[key]);
        onPick(b.dataset[key]);
      });
    }
    show(current);
  }

  // Repeats task every `ms` after each run ends (no overlap); returns a function that runs it now.
  function every(ms, task) {
    let timer = null;
    const run = async () => {
      clearTimeout(timer);
      try {
        await task();
      } finally {
        timer = setTimeout(run, ms);
      }
    };
    run();
    return run;
  }

  // Fills a <select> with the hostnames /api/hosts lists, the first 1000 by name (and `current`, kept even when it is
  // not listed any more), "(pick a host)" first; says so on the status line when it cannot.
  async function fillHostSelect(select, current) {
    try {
      const body = await getJson('/api/hosts?sort=name&limit=1000');
      const names = Array.from(new Set(body.hosts.map((h) => h.hostname))).sort();
      if (current && !names.includes(current)) names.unshift(current);
      select.replaceChildren(el('option', {value: '', text: '(pick a host)'}),
        ...names.map((name) => el('option', {value: name, text: name})));
      select.value = current;
    } catch (e) {
      setStatus('cannot load the hosts: ' + e.message, true);
    }
  }

  return {STATES, el, shown, token, stateClass, stateLabel, getJson, ago, timeText, shortTime, checkLabel,
          hostUrl, setStatus, setBanner, pressGroup, every, fillHostSelect};
})();
