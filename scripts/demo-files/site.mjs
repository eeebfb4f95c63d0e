// The small web site the demo's clients check: / and /health answer 200, /broken answers
// 500 (web-2's failing HTTP check). Loopback only. Usage: node site.mjs PORT_FILE
// Listens on a free port and writes it to PORT_FILE; stops on SIGTERM/SIGINT.
import http from 'node:http';
import fs from 'node:fs';

const portFile = process.argv[2];
if (!portFile) {
  console.error('usage: node site.mjs PORT_FILE');
  process.exit(2);
}

const server = http.createServer((request, response) => {
  const path = request.url.split('?')[0];
  const status = path === '/broken' ? 500 : (path === '/' || path === '/health') ? 200 : 404;
  const body = status === 200 ? 'demo site: ok\n' : status === 500 ? 'demo site: broken on purpose\n' : 'not found\n';
  response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body)});
  response.end(body);
  console.log(`${new Date().toISOString()} ${request.method} ${path} ${status}`);
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile + '.tmp', String(server.address().port));
  fs.renameSync(portFile + '.tmp', portFile);
  console.log(`demo site on http://127.0.0.1:${server.address().port}/`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
