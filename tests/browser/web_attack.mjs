// The web interface under attack, all at once, on loopback: idle connections kept open
// (and reopened when closed), slowloris connections dripping one byte every few seconds
// (headers, and POST /healthz bodies without Content-Length), and a header flood (one
// request of many short header lines, parallel requests of 8 KB header lines). Meanwhile
// an authenticated GET /api/hosts on a fresh connection every PROBE_MS must answer within
// 1 s every time, and the server's RSS must stay under 64 MB above its start.
//
//   node web_attack.mjs PORT TOKEN SERVER_PID
// NIAM_ATTACK=connections (idle and slowloris only) or =flood (the header flood only)
// runs a part, for measuring each; the default is everything at once.
// Everything is bounded: connection counts, bytes sent per flood request, total flood
// bytes, the run time. Exits 1 (after printing the figures) when a bound is broken.
import net from 'node:net';
import fs from 'node:fs';

const [port, token, serverPid] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const HOST = '127.0.0.1';
const IDLE = 500;
const SLOW_HEADERS = 40;
const SLOW_POSTS = 10;
const FLOOD_PARALLEL = 8;
const FLOOD_REQUEST_BYTES = 32 * 1024 * 1024;    // per flood request (the were 256 MiB)
const FLOOD_TOTAL_BYTES = 1024 * 1024 * 1024;     // over the whole run
const DRIP_MS = 3000;
const WARMUP_MS = 4000;
const ATTACK_MS = 30000;
const PROBE_MS = 500;
const PROBE_LIMIT_MS = 1000;
const PROBE_GIVE_UP_MS = 5000;
const RSS_LIMIT_KB = 64 * 1024;

let stopping = false;
const sockets = new Set();
const counts = {idleOpened: 0, slowOpened: 0, floodRequests: 0, floodBytes: 0, floodClosedByServer: 0};

function rssKb() {
    try {
        const status = fs.readFileSync(`/proc/${serverPid}/status`, 'utf8');
        const match = /VmRSS:\s+(\d+) kB/.exec(status);
        return match ? Number(match[1]) : NaN;
    } catch {
        return NaN;
    }
}

function open(onConnect, onGone) {
    const socket = net.connect({host: HOST, port});
    sockets.add(socket);
    socket.on('connect', () => onConnect(socket));
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
        sockets.delete(socket);
        if (!stopping) setTimeout(onGone, 50);
    });
    return socket;
}

function idle() {
    counts.idleOpened++;
    open(() => {}, idle);
}

function slowHeaders() {
    counts.slowOpened++;
    let timer;
    const socket = open(s => {
        s.write(`GET /api/hosts HTTP/1.1\r\nHost: ${HOST}:${port}\r\n`);
        timer = setInterval(() => s.writable && s.write('X'), DRIP_MS);
    }, slowHeaders);
    socket.on('close', () => clearInterval(timer));
}

function slowPost() {
    counts.slowOpened++;
    let timer;
    const socket = open(s => {
        s.write(`POST /healthz HTTP/1.1\r\nHost: ${HOST}:${port}\r\n\r\n`);
        timer = setInterval(() => s.writable && s.write('x'), DRIP_MS);
    }, slowPost);
    socket.on('close', () => clearInterval(timer));
}

// One request: many header lines of `lineBytes` until FLOOD_REQUEST_BYTES or the server
// closes, writing only as fast as the socket drains.
function flood(lineBytes) {
    if (stopping || counts.floodBytes >= FLOOD_TOTAL_BYTES) return;
    counts.floodRequests++;
    const line = 'X-Flood-' + 'a'.repeat(Math.max(1, lineBytes - 14)) + ': b\r\n';
    const chunk = line.repeat(Math.max(1, Math.floor(65536 / line.length)));
    let sent = 0;
    const socket = open(s => {
        s.write(`GET /healthz HTTP/1.1\r\nHost: ${HOST}:${port}\r\n`);
        const pump = () => {
            while (!stopping && sent < FLOOD_REQUEST_BYTES && counts.floodBytes < FLOOD_TOTAL_BYTES) {
                sent += chunk.length;
                counts.floodBytes += chunk.length;
                if (!s.write(chunk)) return s.once('drain', pump);
            }
            if (!stopping) s.end('\r\n');
        };
        pump();
    }, () => flood(lineBytes));
    socket.on('close', () => {
        if (sent < FLOOD_REQUEST_BYTES) counts.floodClosedByServer++;
    });
}

// An authenticated GET /api/hosts on a fresh connection: its latency in ms (or the
// give-up time when it never answered) and the status.
function probe() {
    return new Promise(resolve => {
        const started = process.hrtime.bigint();
        const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
        let answer = '';
        let done = false;
        const finish = status => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve({ms: elapsed(), status});
        };
        const socket = net.connect({host: HOST, port}, () => {
            socket.write(`GET /api/hosts HTTP/1.1\r\nHost: ${HOST}:${port}\r\n` +
                         `Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
        });
        const timer = setTimeout(() => finish('timeout'), PROBE_GIVE_UP_MS);
        socket.on('data', data => {
            answer += data.toString('latin1');
            const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
            const head = answer.indexOf('\r\n\r\n');
            const length = /\r\ncontent-length: (\d+)/i.exec(answer);
            if (status && head >= 0 && length && answer.length >= head + 4 + Number(length[1])) {
                finish(Number(status[1]));
            }
        });
        socket.on('error', () => finish('error'));
        socket.on('close', () => finish('closed'));
    });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const rssStart = rssKb();
let rssMax = rssStart;
const rssTimer = setInterval(() => {
    const now = rssKb();
    if (now > rssMax) rssMax = now;
    if (rssMax - rssStart >= RSS_LIMIT_KB) stopping = true;  // enough: do not eat the machine
}, 100);

const part = process.env.NIAM_ATTACK || 'all';
const baseline = await probe();
if (part !== 'flood') {
    for (let i = 0; i < IDLE; i++) idle();
    for (let i = 0; i < SLOW_HEADERS; i++) slowHeaders();
    for (let i = 0; i < SLOW_POSTS; i++) slowPost();
}
if (part !== 'connections') {
    flood(8);  // 300,000+ short header lines
    for (let i = 1; i < FLOOD_PARALLEL; i++) flood(8 * 1024);
}
await sleep(WARMUP_MS);

const probes = [];
const attackEnd = Date.now() + ATTACK_MS;
while (Date.now() < attackEnd && !stopping) {
    const next = Date.now() + PROBE_MS;
    probes.push(await probe());
    await sleep(Math.max(0, next - Date.now()));
}
const open_during = sockets.size;
stopping = true;
clearInterval(rssTimer);
for (const socket of sockets) socket.destroy();

const late = probes.filter(p => p.status !== 200 || p.ms >= PROBE_LIMIT_MS);
const latencies = probes.map(p => p.ms).sort((a, b) => a - b);
const figures = {
    attack: part,
    baseline_ms: Math.round(baseline.ms),
    probes: probes.length,
    probes_late_or_failed: late.length,
    probe_median_ms: Math.round(latencies[Math.floor(latencies.length / 2)] ?? NaN),
    probe_max_ms: Math.round(latencies[latencies.length - 1] ?? NaN),
    probe_statuses: [...new Set(probes.map(p => p.status))],
    rss_start_mb: +(rssStart / 1024).toFixed(1),
    rss_max_mb: +(rssMax / 1024).toFixed(1),
    rss_growth_mb: +((rssMax - rssStart) / 1024).toFixed(1),
    attack_sockets_open_at_end: open_during,
    ...counts,
    floodBytes_mb: Math.round(counts.floodBytes / 1048576),
};
console.log(JSON.stringify(figures, null, 1));
let failed = false;
if (baseline.status !== 200) {
    console.log(`FAIL: the probe before the attack got ${baseline.status}`);
    failed = true;
}
if (probes.length < 10) {
    console.log(`FAIL: only ${probes.length} probes ran`);
    failed = true;
}
if (late.length) {
    console.log(`FAIL: ${late.length} of ${probes.length} authenticated /api/hosts took >= ${PROBE_LIMIT_MS} ms or failed`);
    failed = true;
}
if (rssMax - rssStart >= RSS_LIMIT_KB) {
    console.log(`FAIL: server RSS grew by ${figures.rss_growth_mb} MB (limit 64 MB)`);
    failed = true;
}
process.exit(failed ? 1 : 0);
