// Charts of the host page, drawn as inline SVG by hand: the state timeline, a check's
// status strip and its response-time line. Colours come from classes in niam.css.
'use strict';

const charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const WIDTH = 1000;
  const LEFT = 64;
  const RIGHT = 12;

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(niam.shown(child)));
    }
    return node;
  }

  function frame(height, className, label) {
    return svg('svg', {viewBox: `0 0 ${WIDTH} ${height}`, class: className, role: 'img', 'aria-label': label});
  }

  function scale(from, to) {
    const span = Math.max(1, to - from);
    return (t) => LEFT + (Math.min(Math.max(t, from), to) - from) / span * (WIDTH - LEFT - RIGHT);
  }

  function timeAxis(root, from, to, y) {
    const x = scale(from, to);
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = from + (to - from) * i / ticks;
      root.append(svg('line', {class: 'grid', x1: x(t), x2: x(t), y1: y - 4, y2: y}));
      const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
      root.append(svg('text', {x: x(t), y: y + 12, 'text-anchor': anchor}, niam.shortTime(t, to - from)));
    }
  }

  const SEGMENT_LABELS = {OK: 'OK', MISSING: 'Missing', PURGED: 'Purged', NO_DATA: 'No data'};

  // segments: [{state, from, to}] covering [from, to).
  function timeline(segments, from, to) {
    const root = frame(56, 'timeline', 'state timeline');
    const x = scale(from, to);
    root.append(svg('text', {x: 0, y: 24}, 'state'));
    for (const s of segments) {
      const width = Math.max(0.5, x(s.to) - x(s.from));
      root.append(svg('rect', {class: 'seg-' + niam.token(s.state), x: x(s.from), y: 6, width, height: 26},
        svg('title', {}, (SEGMENT_LABELS[s.state] || s.state) + ': ' + niam.timeText(s.from) + ' – ' +
          niam.timeText(s.to))));
    }
    timeAxis(root, from, to, 42);
    return root;
  }

  // The silence after which a check's line breaks: three of its usual intervals, at least 3 min.
  function gapAfter(points) {
    const steps = [];
    for (let i = 1; i < points.length; i++) steps.push(points[i][0] - points[i - 1][0]);
    steps.sort((a, b) => a - b);
    const usual = steps.length ? steps[Math.floor(steps.length / 2)] : 0;
    return Math.max(180, 3 * usual);
  }

  // points: [[time, status, latency|null]] sorted by time; each status holds until the next
  // result, or for a gap's length when results stop.
  function statusStrip(points, from, to) {
    const root = frame(30, 'status-strip', 'check status');
    const x = scale(from, to);
    const gap = gapAfter(points);
    root.append(svg('text', {x: 0, y: 17}, 'status'));
    root.append(svg('rect', {class: 'seg-no-data', x: LEFT, y: 4, width: WIDTH - LEFT - RIGHT, height: 18}));
    let i = 0;
    while (i < points.length) {
      let j = i;
      while (j + 1 < points.length && points[j + 1][1] === points[i][1] && points[j + 1][0] - points[j][0] <= gap) j++;
      const start = points[i][0];
      const next = j + 1 < points.length ? points[j + 1][0] : to;
      const end = Math.min(next, points[j][0] + gap);
      const failed = points[i][1] !== 0;
      root.append(svg('rect', {class: failed ? 'run-failed' : 'run-ok', x: x(start), y: 4,
                               width: Math.max(1, x(end) - x(start)), height: 18},
        svg('title', {}, (failed ? 'FAILED' : 'OK') + ' from ' + niam.timeText(start))));
      i = j + 1;
    }
    return root;
  }

  // At most `columns` points: the mean latency of the results in each time column; a
  // column without results (or with none that has a latency) breaks the line.
  function columnMeans(points, from, to, columns) {
    if (points.length <= columns) return points.map((p) => [p[0], p[2]]);
    const width = (to - from) / columns;
    const sums = new Array(columns).fill(0);
    const counts = new Array(columns).fill(0);
    for (const p of points) {
      if (p[2] === null) continue;
      const c = Math.min(columns - 1, Math.max(0, Math.floor((p[0] - from) / width)));
      sums[c] += p[2];
      counts[c] += 1;
    }
    const out = [];
    for (let c = 0; c < columns; c++) {
      out.push([from + (c + 0.5) * width, counts[c] ? sums[c] / counts[c] : null]);
    }
    return out;
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  // Response time as lines (column means when there are many results); a result without
  // latency, or a silence longer than the check's gap, breaks the line.
  function latencyChart(points, from, to) {
    const height = 150;
    const top = 8;
    const bottom = 128;
    const root = frame(height, 'latency-chart', 'response time');
    const x = scale(from, to);
    const gap = gapAfter(points);
    const series = columnMeans(points, from, to, 400);
    const columnGap = points.length > 400 ? 1.5 * (to - from) / 400 : 0;
    const values = series.filter((p) => p[1] !== null).map((p) => p[1]);
    const max = niceMax(values.reduce((a, b) => Math.max(a, b), 0));
    const y = (ms) => bottom - ms / max * (bottom - top);
    for (const level of [0, max / 2, max]) {
      root.append(svg('line', {class: 'grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(level), y2: y(level)}));
      // Whole ms from 10 ms up; below, two significant digits (0, 0.5, 1 ms; not 0, 1, 1 ms).
      const text = max >= 10 ? String(Math.round(level)) : String(Number(level.toPrecision(2)));
      root.append(svg('text', {x: LEFT - 6, y: y(level) + 4, 'text-anchor': 'end'}, text + ' ms'));
    }
    let run = [];
    const flush = () => {
      if (run.length === 1) {
        root.append(svg('circle', {class: 'latency-dot', cx: run[0][0], cy: run[0][1], r: 2}));
      } else if (run.length > 1) {
        root.append(svg('polyline', {class: 'latency', points: run.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' ')}));
      }
      run = [];
    };
    let previous = null;
    for (const [time, latency] of series) {
      if (latency === null || (previous !== null && time - previous > Math.max(gap, columnGap))) flush();
      if (latency !== null) {
        run.push([x(time), y(latency)]);
        previous = time;
      }
    }
    flush();
    timeAxis(root, from, to, bottom + 8);
    return root;
  }

  function valueText(value, unit) {
    const abs = Math.abs(value);
    let text;
    if (unit === 'B' || unit === 'B/s') {
      const units = ['', 'K', 'M', 'G', 'T', 'P'];
      let i = 0;
      let v = value;
      while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return (Math.round(v * 10) / 10) + ' ' + units[i] + unit;
    }
    if (abs >= 1e6) text = value.toExponential(1);
    else if (abs >= 100 || value === Math.round(value)) text = String(Math.round(value));
    else text = value.toFixed(abs >= 10 ? 1 : 2);
    return unit ? text + ' ' + unit : text;
  }

  // lines: [{label, points: [[time, value], ...]}] of one unit, drawn together; a silence
  // longer than a line's gap breaks it. A legend names each line by its class.
  function metricChart(lines, from, to, unit, label) {
    const height = 164;
    const top = 8;
    const bottom = 118;
    const root = frame(height, 'metric-chart', label);
    const x = scale(from, to);
    const values = lines.flatMap((l) => l.points.map((p) => p[1])).filter((v) => v !== null);
    const low = Math.min(0, values.reduce((a, b) => Math.min(a, b), 0));
    const high = unit === '%' ? Math.max(100, values.reduce((a, b) => Math.max(a, b), 0))
                              : niceMax(values.reduce((a, b) => Math.max(a, b), 0));
    const y = (v) => bottom - (v - low) / Math.max(1e-9, high - low) * (bottom - top);
    for (const level of [low, (low + high) / 2, high]) {
      root.append(svg('line', {class: 'grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(level), y2: y(level)}));
      root.append(svg('text', {x: LEFT - 6, y: y(level) + 4, 'text-anchor': 'end'}, valueText(level, unit)));
    }
    lines.forEach((line, index) => {
      const gap = gapAfter(line.points);
      const cls = 'metric-line metric-line-' + (index % 6);
      let run = [];
      const flush = () => {
        if (run.length === 1) {
          root.append(svg('circle', {class: cls, cx: run[0][0], cy: run[0][1], r: 2}));
        } else if (run.length > 1) {
          root.append(svg('polyline', {class: cls, points: run.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' ')},
            svg('title', {}, line.label)));
        }
        run = [];
      };
      let previous = null;
      for (const [time, value] of line.points) {
        if (previous !== null && time - previous > gap) flush();
        run.push([x(time), y(value)]);
        previous = time;
      }
      flush();
      const last = line.points.length ? line.points[line.points.length - 1][1] : null;
      const legendX = LEFT + index * 200;
      root.append(svg('rect', {class: 'legend metric-line-' + (index % 6), x: legendX, y: bottom + 36, width: 10, height: 3}));
      root.append(svg('text', {x: legendX + 14, y: bottom + 40},
        line.label + (last !== null ? ' ' + valueText(last, unit) : '')));
    });
    timeAxis(root, from, to, bottom + 2);
    return root;
  }

  return {timeline, statusStrip, latencyChart, metricChart};
})();
