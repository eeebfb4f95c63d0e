// What happens on the demo's hosts besides their checks, so the Logs and Events pages and the
// log and event alerts have something to show. Usage:
//   node activity.mjs RUN_DIR
// - web-1's sshd: RUN_DIR/web-1/auth.log gets sshd lines (as /var/log/auth.log has them):
//   a publickey login now and then, CRON lines between them, and once, 20 s in, a brute force:
//   30 failed passwords from 203.0.113.7 within 15 s (SSH_ALERT failures in conf/monitor);
// - web-2's Docker engine (the fake one on RUN_DIR/docker/control.sock): shop-api writes
//   stdout and stderr lines every 2 s; worker is restarted 3 times 30 s in (CONTAINER_ALERT
//   restarts) and dies with exit code 1 at 60 s (CONTAINER_ALERT die-nonzero).
// Stops on SIGTERM/SIGINT.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const run = process.argv[2];
if (!run) {
  console.error('usage: node activity.mjs RUN_DIR');
  process.exit(2);
}
const authLog = path.join(run, 'web-1', 'auth.log');
const control = path.join(run, 'docker', 'control.sock');
const started = Date.now();
const host = 'web-1';
let pid = 30000;

function syslogTime(date) {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n) => String(n).padStart(2, '0');
  return `${months[date.getMonth()]} ${String(date.getDate()).padStart(2, ' ')} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
function auth(line) {
  fs.appendFileSync(authLog, `${syslogTime(new Date())} ${host} ${line}\n`);
}

function controlCall(method, url, body) {
  return new Promise((resolve) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const request = http.request({ socketPath: control, path: url, method,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', (error) => {
      console.error(`activity: ${method} ${url}: ${error.message}`);
      resolve(0);
    });
    request.end(data);
  });
}

fs.mkdirSync(path.dirname(authLog), { recursive: true });
const users = ['deploy', 'alice', 'backup'];
let tick = 0;
let bruteForceDone = false;
let restartsDone = false;
let dieDone = false;

async function setUp() {
  await controlCall('POST', '/containers', { name: 'shop-api', image: 'shop/api:1.4', tty: false, start: true });
  await controlCall('POST', '/containers', { name: 'worker', image: 'shop/worker:1.4', tty: true, start: true });
  await controlCall('POST', '/images/pull', { image: 'shop/api:1.5' });
}

async function every2s() {
  tick += 1;
  const seconds = (Date.now() - started) / 1000;
  // sshd and cron on web-1
  if (tick % 5 === 1) {
    const user = users[tick % users.length];
    pid += 2;
    auth(`sshd[${pid}]: Accepted publickey for ${user} from 198.51.100.${20 + (tick % 5)} port ${40000 + tick} ssh2: ED25519 SHA256:3kXyq0eWpPQ0Ax4uJ0p5b0m0bb3Yo9cJ1sRkq1bP7nE`);
    auth(`sshd[${pid}]: pam_unix(sshd:session): session opened for user ${user}(uid=1000) by (uid=0)`);
  }
  if (tick % 3 === 0) auth(`CRON[${pid + 1}]: pam_unix(cron:session): session closed for user root`);
  if (!bruteForceDone && seconds >= 20) {
    bruteForceDone = true;
    for (let i = 0; i < 30; i++) {
      setTimeout(() => {
        pid += 1;
        const port = 51000 + i;
        if (i % 3 === 0) auth(`sshd[${pid}]: Invalid user admin${i} from 203.0.113.7 port ${port}`);
        auth(`sshd[${pid}]: Failed password for ${i % 3 === 0 ? `invalid user admin${i}` : 'root'} from 203.0.113.7 port ${port} ssh2`);
        auth(`sshd[${pid}]: Connection closed by authenticating user root 203.0.113.7 port ${port} [preauth]`);
      }, i * 500);
    }
  }
  // the containers on web-2
  await controlCall('POST', '/containers/shop-api/logs', { stream: 'stdout', data: `GET /cart/${tick} 200 ${10 + (tick % 7)} ms\n` });
  if (tick % 4 === 0) {
    await controlCall('POST', '/containers/shop-api/logs', { stream: 'stderr', data: `WARN slow query: ${200 + tick} ms\n` });
  }
  await controlCall('POST', '/containers/worker/logs', { stream: 'stdout', data: `\u001b[32mINFO\u001b[0m job ${tick} done\n` });
  if (!restartsDone && seconds >= 30) {
    restartsDone = true;
    for (let i = 0; i < 3; i++) await controlCall('POST', '/containers/worker/restart');
  }
  if (!dieDone && seconds >= 60) {
    dieDone = true;
    await controlCall('POST', '/containers/worker/die', { exitCode: 1 });
    await controlCall('POST', '/containers/worker/start');
  }
}

await setUp();
const timer = setInterval(() => { every2s().catch((error) => console.error(`activity: ${error.message}`)); }, 2000);
console.log(`activity: ${authLog}, ${control}`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    clearInterval(timer);
    process.exit(0);
  });
}
