// Used by scripts/aws-stack: waits until every process of a stack answers, then writes
// RUNDIR/env. Exits 1 (naming what did not answer) when the deadline passes.
// usage: node src/stack-ready.mjs --dir RUNDIR --timeout-ms N
import { readFileSync, writeFileSync, renameSync, existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "./process-util.mjs";
import { TEST_IDENTITY, ACCOUNT_ID, sessionCredentials } from "./identities.mjs";
import { IMDS_DEFAULTS } from "./imds-fake.mjs";

const args = parseArgs(process.argv.slice(2), ["dir", "timeout-ms"]);
const dir = args.dir;
const deadline = Date.now() + Number(args["timeout-ms"] ?? 10000);
const NAMES = ["fauxqs", "local-sqs", "front", "imds"];

function port(name) {
  const f = path.join(dir, `${name}.port`);
  return existsSync(f) ? Number(readFileSync(f, "utf8").trim()) : undefined;
}

function request(p, method, urlPath, headers = {}) {
  return new Promise((resolve) => {
    const r = http.request({ host: "127.0.0.1", port: p, method, path: urlPath, headers, timeout: 1000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    r.on("timeout", () => r.destroy());
    r.on("error", () => resolve(0));
    r.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let waitingFor = "port files";
for (;;) {
  const ports = Object.fromEntries(NAMES.map((n) => [n, port(n)]));
  const missing = NAMES.filter((n) => !ports[n]);
  if (!missing.length) {
    const health = await request(ports.front, "GET", "/_stack/health");
    const imds = await request(ports.imds, "PUT", "/latest/api/token", { "x-aws-ec2-metadata-token-ttl-seconds": "60" });
    if (health === 200 && imds === 200) {
      await request(ports.front, "POST", "/_stack/counts/reset"); // the probes above are not test traffic
      writeEnv(ports);
      process.exit(0);
    }
    waitingFor = `front /_stack/health (HTTP ${health || "no answer"}) and IMDS token (HTTP ${imds || "no answer"})`;
  } else {
    waitingFor = `port files of ${missing.join(", ")}`;
  }
  if (Date.now() > deadline) {
    console.error(`aws-stack: not ready after ${args["timeout-ms"]} ms; still waiting for ${waitingFor}`);
    process.exit(1);
  }
  await sleep(100);
}

function writeEnv(ports) {
  const front = `http://127.0.0.1:${ports.front}`;
  const session = sessionCredentials(1, IMDS_DEFAULTS.role, IMDS_DEFAULTS.instanceId, 0);
  const vars = {
    AWS_ENDPOINT_URL: front,
    AWS_ENDPOINT_URL_SQS: front,
    AWS_ENDPOINT_URL_SNS: front,
    AWS_ENDPOINT_URL_S3: front,
    AWS_ENDPOINT_URL_EC2: front,
    AWS_ENDPOINT_URL_STS: front,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${ports.imds}/`,
    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv4",
    AWS_ACCESS_KEY_ID: TEST_IDENTITY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_IDENTITY.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    STACK_CONTROL_URL: `${front}/_stack`,
    STACK_ACCOUNT_ID: ACCOUNT_ID,
    STACK_TEST_USER_ARN: TEST_IDENTITY.arn,
    STACK_IMDS_ROLE: IMDS_DEFAULTS.role,
    STACK_IMDS_INSTANCE_ID: IMDS_DEFAULTS.instanceId,
    STACK_SESSION_ACCESS_KEY_ID: session.accessKeyId,
    STACK_SESSION_SECRET_ACCESS_KEY: session.secretAccessKey,
    STACK_SESSION_TOKEN: session.sessionToken,
    STACK_FAUXQS_URL: `http://127.0.0.1:${ports.fauxqs}`,
    STACK_LOCAL_SQS_URL: `http://127.0.0.1:${ports["local-sqs"]}`,
    STACK_DIR: path.resolve(dir),
  };
  const quote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  const text =
    `# Written by scripts/aws-stack start on ${new Date().toISOString()}. Source it: . ${path.resolve(dir)}/env\n` +
    `# STACK_FAUXQS_URL / STACK_LOCAL_SQS_URL bypass the verifier: for debugging only.\n` +
    Object.entries(vars)
      .map(([k, v]) => `export ${k}=${quote(v)}`)
      .join("\n") +
    "\n";
  const file = path.join(dir, "env");
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}
