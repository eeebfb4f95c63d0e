// A fake Docker Engine API on a unix socket, for niamd's tests (README.md says what of the
// real API it does and does not do). A second unix socket carries the control API tests
// script it with: containers' lives, their log bytes, image pulls, an engine restart.
//
//   node fake-engine.mjs --socket PATH --control PATH [--api 1.47] [--min-api 1.24]
//
// Both sockets are removed at exit (SIGTERM, SIGINT).
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const socketPath = args.get('socket');
const controlPath = args.get('control');
if (!socketPath || !controlPath) {
  console.error('usage: fake-engine.mjs --socket PATH --control PATH [--api 1.47] [--min-api 1.24]');
  process.exit(2);
}
const engine = {
  version: '28.0.1',
  api: args.get('api') ?? '1.47',
  minApi: args.get('min-api') ?? '1.24',
  logsContentType: null,  // the Content-Type of logs answers; none by default
};

// --- time: Unix nanoseconds, strictly increasing (two entries never share a timestamp
// unless a test asks for it with "same_time") ---
const wallBase = BigInt(Date.now()) * 1000000n;
const hrBase = process.hrtime.bigint();
let lastNano = 0n;
function nowNano() {
  let t = wallBase + (process.hrtime.bigint() - hrBase);
  if (t <= lastNano) t = lastNano + 1n;
  lastNano = t;
  return t;
}
function rfc3339Nano(nano) {  // Docker's RFC3339NanoFixed: always 9 digits of fraction
  const seconds = nano / 1000000000n;
  const fraction = (nano % 1000000000n).toString().padStart(9, '0');
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}
function parseSince(text) {  // "seconds[.nanoseconds]"
  if (text === undefined || text === '') return 0n;
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return null;
  return BigInt(m[1]) * 1000000000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

// --- state ---
const containers = new Map();  // id -> {id, name, image, tty, running, exitCode, created, logs: [{nano, stream, text}], followers: Set<res>}
const events = [];             // {json, nano, type, action, actorId}
const eventFollowers = new Set();  // {res, filters, until}
const counts = { requests: 0, events_streams: 0, logs_streams: 0, refused_version: 0 };

function findContainer(ref) {
  if (containers.has(ref)) return containers.get(ref);
  for (const c of containers.values()) {
    if (c.name === ref || c.name === ref.replace(/^\//, '') || c.id.startsWith(ref)) return c;
  }
  return undefined;
}

function emit(type, action, actorId, attributes) {
  const nano = nowNano();
  const event = {
    status: action, id: actorId, from: attributes.image,
    Type: type, Action: action, Actor: { ID: actorId, Attributes: attributes },
    scope: 'local', time: Number(nano / 1000000000n), timeNano: Number(nano),
  };
  // timeNano as an exact integer even past 2^53: written by hand.
  const json = JSON.stringify(event).replace(/"timeNano":\d+/, `"timeNano":${nano}`);
  const entry = { json, nano, type, action, actorId, attributes };
  events.push(entry);
  if (events.length > 10000) events.shift();
  for (const follower of eventFollowers) {
    if (matches(entry, follower.filters)) follower.res.write(json + '\n');
  }
}

function containerEvent(c, action, extra = {}) {
  emit('container', action, c.id, { image: c.image, name: c.name, ...extra });
}

function matches(entry, filters) {
  if (!filters) return true;
  const want = (key, value) => !filters[key] || [].concat(filters[key]).includes(value) ||
    (typeof filters[key] === 'object' && !Array.isArray(filters[key]) && filters[key][value]);
  return want('type', entry.type) && want('event', entry.action.split(':')[0]) &&
    (!filters.container || want('container', entry.attributes.name) || want('container', entry.actorId));
}

function frame(streamByte, payload) {
  const header = Buffer.alloc(8);
  header[0] = streamByte;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function logChunk(c, entry, timestamps) {
  const text = Buffer.concat([timestamps ? Buffer.from(rfc3339Nano(entry.nano) + ' ') : Buffer.alloc(0), entry.bytes]);
  return c.tty ? text : frame(entry.stream === 'stderr' ? 2 : 1, text);
}

function endFollowers(c) {
  for (const res of c.followers) res.end();
  c.followers.clear();
}

// --- the Engine API ---
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': engine.api, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
function error(res, status, message) { sendJson(res, status, { message }); }

function versionCompare(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

function engineRequest(req, res) {
  counts.requests++;
  const url = new URL(req.url, 'http://docker');
  let path = url.pathname;
  const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
  if (versioned) {
    const asked = versioned[1];
    if (versionCompare(asked, engine.minApi) < 0) {
      counts.refused_version++;
      return error(res, 400, `client version ${asked} is too old. Minimum supported API version is ${engine.minApi}, please upgrade your client to a newer version`);
    }
    if (versionCompare(asked, engine.api) > 0) {
      return error(res, 400, `client version ${asked} is too new. Maximum supported API version is ${engine.api}`);
    }
    path = versioned[2];
  }
  const q = url.searchParams;
  const truthy = (key) => q.has(key) && q.get(key) !== '0' && q.get(key) !== 'false';
  if (req.method === 'GET' && path === '/_ping') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': engine.api });
    return res.end('OK');
  }
  if (req.method === 'GET' && path === '/version') {
    return sendJson(res, 200, {
      Version: engine.version, ApiVersion: engine.api, MinAPIVersion: engine.minApi, Os: 'linux', Arch: 'amd64',
      KernelVersion: '6.1.0', GoVersion: 'go1.23.6', GitCommit: 'fake', Components: [],
    });
  }
  if (req.method === 'GET' && path === '/containers/json') {
    const all = truthy('all');
    const list = [...containers.values()].filter((c) => all || c.running).map((c) => ({
      Id: c.id, Names: ['/' + c.name], Image: c.image, ImageID: 'sha256:' + c.id, Command: 'sh',
      Created: c.created, State: c.running ? 'running' : 'exited',
      Status: c.running ? 'Up' : `Exited (${c.exitCode})`, Labels: {},
    }));
    return sendJson(res, 200, list);
  }
  let m = /^\/containers\/([^/]+)\/json$/.exec(path);
  if (req.method === 'GET' && m) {
    const c = findContainer(decodeURIComponent(m[1]));
    if (!c) return error(res, 404, `No such container: ${decodeURIComponent(m[1])}`);
    return sendJson(res, 200, {
      Id: c.id, Name: '/' + c.name, Created: new Date(c.created * 1000).toISOString(), Image: 'sha256:' + c.id,
      State: { Status: c.running ? 'running' : 'exited', Running: c.running, ExitCode: c.exitCode, OOMKilled: false },
      Config: { Image: c.image, Tty: c.tty, AttachStdout: true, AttachStderr: true },
    });
  }
  m = /^\/containers\/([^/]+)\/logs$/.exec(path);
  if (req.method === 'GET' && m) {
    const c = findContainer(decodeURIComponent(m[1]));
    if (!c) return error(res, 404, `No such container: ${decodeURIComponent(m[1])}`);
    const stdout = truthy('stdout');
    const stderr = truthy('stderr');
    if (!stdout && !stderr) return error(res, 400, 'Bad parameters: you must choose at least one stream');
    const since = parseSince(q.get('since') ?? '');
    if (since === null) return error(res, 400, `invalid value for "since": ${q.get('since')}`);
    const timestamps = truthy('timestamps');
    const follow = truthy('follow');
    const wanted = (entry) => entry.nano >= since && (entry.stream === 'stdout' ? stdout : stderr);
    let past = c.logs.filter(wanted);
    const tail = q.get('tail');
    if (tail !== null && tail !== 'all' && /^\d+$/.test(tail)) past = past.slice(Math.max(0, past.length - Number(tail)));
    // No Content-Type by default (older engines sent none); a test may set one, even a wrong
    // one: clients must decide frames or raw by Config.Tty.
    res.writeHead(200, engine.logsContentType ? { 'Api-Version': engine.api, 'Content-Type': engine.logsContentType }
      : { 'Api-Version': engine.api });
    counts.logs_streams++;
    for (const entry of past) res.write(logChunk(c, entry, timestamps));
    if (!follow || !c.running) return res.end();
    const follower = { res, wanted, timestamps };
    res.follower = follower;
    c.followers.add(res);
    res.on('close', () => c.followers.delete(res));
    return;
  }
  if (req.method === 'GET' && path === '/events') {
    const since = parseSince(q.get('since') ?? '');
    const until = q.has('until') ? parseSince(q.get('until')) : null;
    if (since === null) return error(res, 400, `invalid value for "since": ${q.get('since')}`);
    let filters = null;
    if (q.has('filters')) {
      try { filters = JSON.parse(q.get('filters')); } catch { return error(res, 400, 'invalid filter'); }
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': engine.api });
    counts.events_streams++;
    if (q.has('since')) {
      for (const entry of events) {
        if (entry.nano >= since && (until === null || entry.nano <= until) && matches(entry, filters)) res.write(entry.json + '\n');
      }
    }
    if (until !== null && until <= nowNano()) return res.end();
    const follower = { res, filters };
    eventFollowers.add(follower);
    res.on('close', () => eventFollowers.delete(follower));
    return;
  }
  return error(res, 404, `page not found`);
}

// --- the control API (JSON bodies) ---
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      try { resolve(text ? JSON.parse(text) : {}); } catch { resolve(null); }
    });
  });
}

let engineServer = null;
function startEngine() {
  try { fs.unlinkSync(socketPath); } catch {}
  engineServer = http.createServer(engineRequest);
  engineServer.keepAliveTimeout = 60000;
  engineServer.listen(socketPath);
}
function stopEngine() {
  return new Promise((resolve) => {
    for (const f of eventFollowers) f.res.destroy();
    eventFollowers.clear();
    for (const c of containers.values()) {
      for (const res of c.followers) res.destroy();
      c.followers.clear();
    }
    engineServer.closeAllConnections();
    engineServer.close(() => resolve());
    try { fs.unlinkSync(socketPath); } catch {}
  });
}

function writeLogs(c, stream, text, sameTime) {
  // Like the engine's log driver: one entry (one frame) per line, each with its own time.
  const bytes = Buffer.from(text, 'utf8');
  const entries = [];
  let start = 0;
  const nano = sameTime ? nowNano() : null;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      entries.push({ nano: nano ?? nowNano(), stream, bytes: bytes.subarray(start, i + 1) });
      start = i + 1;
    }
  }
  if (start < bytes.length) entries.push({ nano: nano ?? nowNano(), stream, bytes: bytes.subarray(start) });
  for (const entry of entries) {
    c.logs.push(entry);
    for (const res of c.followers) {
      if (res.follower.wanted(entry)) res.write(logChunk(c, entry, res.follower.timestamps));
    }
  }
  return entries.length;
}

function die(c, exitCode) {
  c.running = false;
  c.exitCode = exitCode;
  containerEvent(c, 'die', { exitCode: String(exitCode), execDuration: '1' });
  endFollowers(c);
}

async function controlRequest(req, res) {
  const url = new URL(req.url, 'http://control');
  const body = req.method === 'POST' ? await readBody(req) : {};
  if (body === null) return sendJson(res, 400, { error: 'body is not JSON' });
  const path = url.pathname;
  if (req.method === 'GET' && path === '/state') {
    return sendJson(res, 200, {
      engine, counts, events: events.length, listening: engineServer.listening,
      followers: { events: eventFollowers.size, logs: [...containers.values()].reduce((n, c) => n + c.followers.size, 0) },
      containers: [...containers.values()].map((c) => ({ id: c.id, name: c.name, running: c.running, tty: c.tty, lines: c.logs.length })),
    });
  }
  if (req.method === 'POST' && path === '/engine/version') {
    if (body.api) engine.api = String(body.api);
    if (body.min_api) engine.minApi = String(body.min_api);
    if (body.logs_content_type !== undefined) engine.logsContentType = body.logs_content_type;
    return sendJson(res, 200, engine);
  }
  if (req.method === 'POST' && path === '/engine/restart') {
    await stopEngine();
    setTimeout(startEngine, Number(body.down_ms ?? 500));
    return sendJson(res, 200, { restarting: true });
  }
  if (req.method === 'POST' && path === '/images/pull') {
    const name = String(body.image ?? 'busybox:latest');
    emit('image', 'pull', name, { name });
    return sendJson(res, 200, { pulled: name });
  }
  if (req.method === 'POST' && path === '/containers') {
    const name = String(body.name ?? '');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return sendJson(res, 400, { error: 'name' });
    if (findContainer(name)) return sendJson(res, 409, { error: `name ${name} in use` });
    const id = crypto.randomBytes(32).toString('hex');
    const c = { id, name, image: String(body.image ?? 'busybox:latest'), tty: Boolean(body.tty), running: false, exitCode: 0,
      created: Math.floor(Date.now() / 1000), logs: [], followers: new Set() };
    containers.set(id, c);
    containerEvent(c, 'create');
    if (body.start) { c.running = true; containerEvent(c, 'start'); }
    return sendJson(res, 201, { id });
  }
  const m = /^\/containers\/([^/]+)\/(start|stop|restart|die|oom|kill|health|destroy|logs)$/.exec(path);
  if (req.method === 'POST' && m) {
    const c = findContainer(decodeURIComponent(m[1]));
    if (!c) return sendJson(res, 404, { error: 'no such container' });
    switch (m[2]) {
      case 'start': c.running = true; containerEvent(c, 'start'); break;
      case 'stop':  // docker stop: SIGTERM, the process exits, stop
        containerEvent(c, 'kill', { signal: '15' }); die(c, Number(body.exitCode ?? 0)); containerEvent(c, 'stop'); break;
      case 'restart':  // docker restart: kill, die, stop, start, restart
        if (c.running) { containerEvent(c, 'kill', { signal: '15' }); die(c, 0); containerEvent(c, 'stop'); }
        c.running = true; containerEvent(c, 'start'); containerEvent(c, 'restart'); break;
      case 'die': die(c, Number(body.exitCode ?? 1)); break;
      case 'oom': containerEvent(c, 'oom'); die(c, 137); break;
      case 'kill': {
        const signal = String(body.signal ?? '9');
        containerEvent(c, 'kill', { signal });
        const number = /^\d+$/.test(signal) ? Number(signal) : ({ SIGKILL: 9, KILL: 9, SIGTERM: 15, TERM: 15 }[signal] ?? 9);
        die(c, 128 + number);
        break;
      }
      case 'health': {
        const status = String(body.status ?? 'healthy');
        containerEvent(c, `health_status: ${status}`);
        break;
      }
      case 'destroy': endFollowers(c); c.running = false; containers.delete(c.id); containerEvent(c, 'destroy'); break;
      case 'logs': {
        const n = writeLogs(c, body.stream === 'stderr' ? 'stderr' : 'stdout', String(body.data ?? ''), Boolean(body.same_time));
        return sendJson(res, 200, { entries: n });
      }
    }
    return sendJson(res, 200, { id: c.id, running: c.running });
  }
  return sendJson(res, 404, { error: 'unknown control request' });
}

try { fs.unlinkSync(controlPath); } catch {}
const controlServer = http.createServer((req, res) => { controlRequest(req, res).catch((e) => sendJson(res, 500, { error: String(e) })); });
startEngine();
controlServer.listen(controlPath, () => console.log(JSON.stringify({ ready: true, socket: socketPath, control: controlPath })));

function shutdown() {
  try { fs.unlinkSync(socketPath); } catch {}
  try { fs.unlinkSync(controlPath); } catch {}
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
