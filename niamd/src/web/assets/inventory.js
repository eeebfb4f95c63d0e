// The host page's Inventory tab: the host's latest inventory from /api/inventory (facts,
// the installed packages with a filter, the change log). host.js calls
// inventoryTab.refresh(hostname, instance) when the tab is shown and every minute after.
'use strict';

const inventoryTab = (() => {
  const {el} = niam;
  const MAX_ROWS = 500;  // package rows drawn at once; the filter narrows the rest
  let packages = [];

  const bytesText = (n) => n === null ? 'unknown' : (n / (1024 * 1024 * 1024)).toFixed(1) + ' GiB';
  const orUnknown = (text) => text === null || text === '' ? 'unknown' : text;

  function showFacts(inv) {
    const cpu = inv.cpu.model === null && inv.cpu.count === null ? 'unknown'
      : orUnknown(inv.cpu.model) + (inv.cpu.count !== null ? ' × ' + inv.cpu.count : '');
    const rows = [
      ['Collected', inv.time === null ? 'not yet' : niam.timeText(inv.time)],
      ['Kernel', orUnknown(inv.kernel)],
      ['OS', orUnknown(inv.os.name)],
      ['CPU', cpu],
      ['Memory', bytesText(inv.memory_bytes)],
      ['Addresses', inv.addresses.length ? inv.addresses.join(', ') : 'none'],
    ];
    const list = el('dl', {className: 'facts'});
    for (const [name, value] of rows) list.append(el('dt', {text: name}), el('dd', {text: value}));
    document.getElementById('inventory-facts').replaceChildren(list);
  }

  function showPackages() {
    const filter = document.getElementById('package-filter').value.trim().toLowerCase();
    const matching = filter ? packages.filter((p) => p.name.toLowerCase().includes(filter)) : packages;
    const shown = matching.slice(0, MAX_ROWS);
    const body = el('tbody', {});
    for (const p of shown) body.append(el('tr', {}, el('td', {text: p.name}), el('td', {text: p.version})));
    const table = el('table', {id: 'packages-table'}, el('thead', {}, el('tr', {}, el('th', {text: 'Package'}), el('th', {text: 'Version'}))), body);
    document.getElementById('packages').replaceChildren(table);
    document.getElementById('package-count').textContent = packages.length + ' packages' +
      (filter ? ', ' + matching.length + ' matching' : '') +
      (shown.length < matching.length ? '; the first ' + shown.length + ' shown' : '');
  }

  function showChanges(changes) {
    const box = document.getElementById('inventory-changes');
    if (!changes.length) {
      box.replaceChildren(el('p', {className: 'note', text: 'No changes logged.'}));
      return;
    }
    const body = el('tbody', {});
    for (const c of changes) {
      body.append(el('tr', {dataset: {kind: c.kind}}, el('td', {text: niam.timeText(c.time)}), el('td', {text: c.kind.replace(/_/g, ' ')}),
                     el('td', {text: c.name}), el('td', {text: c.old}), el('td', {text: c.new})));
    }
    const head = el('tr', {}, ...['Time', 'Change', 'Name', 'Old', 'New'].map((t) => el('th', {text: t})));
    box.replaceChildren(el('table', {id: 'changes-table'}, el('thead', {}, head), body));
  }

  async function refresh(hostname, instance) {
    try {
      const inv = await niam.getJson('/api/inventory?' + new URLSearchParams({host: hostname, instance}).toString());
      showFacts(inv);
      packages = inv.packages;
      showPackages();
      showChanges(inv.changes);
    } catch (e) {
      niam.setStatus('cannot load the inventory: ' + e.message, true);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('package-filter').addEventListener('input', showPackages);
  });
  return {refresh};
})();
