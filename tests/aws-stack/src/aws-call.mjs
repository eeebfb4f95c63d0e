// A tiny SigV4-signing HTTP client for poking the stack by hand and for the stack's own
// tests. It signs with @smithy/signature-v4, so it checks the plumbing, not the verifier
// (the verifier is checked against the official vectors in test/verifier-vectors.test.mjs).
//
// CLI (reads RUNDIR/env values from the environment, e.g. after `. RUNDIR/env`):
//   node src/aws-call.mjs SERVICE METHOD PATH [BODY] [Header:value ...]
//   node src/aws-call.mjs sqs POST / '{"QueueName":"q1"}' X-Amz-Target:AmazonSQS.CreateQueue Content-Type:application/x-amz-json-1.0
//   node src/aws-call.mjs ec2 POST / 'Action=DescribeInstances&Version=2016-11-15' Content-Type:application/x-www-form-urlencoded
import http from "node:http";
import { createRequire } from "node:module";
import { Sha256, parseQuery } from "./sigv4-verifier.mjs";

const require = createRequire(import.meta.url);
const { SignatureV4 } = require("@smithy/signature-v4");
const { HttpRequest } = require("@smithy/protocol-http");

/**
 * Signs and sends one request.
 * @param o { endpoint: "http://127.0.0.1:PORT", service, region, method, path ("/x?y=z"), headers: {}, body: string|Buffer,
 *            credentials: {accessKeyId, secretAccessKey, sessionToken?}, signingDate?: Date, unsigned?: boolean }
 * @returns Promise<{ status, headers, body: Buffer, text }>
 */
export async function awsCall(o) {
  const url = new URL(o.endpoint);
  const [pathOnly, rawQuery = ""] = (o.path ?? "/").split(/\?(.*)/s);
  const body = o.body === undefined ? undefined : Buffer.from(o.body);
  const headers = { host: url.host, ...Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])) };
  if (body) headers["content-length"] = String(body.length);
  let req = new HttpRequest({ method: o.method ?? "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: pathOnly, query: parseQuery(rawQuery), headers, body });
  if (!o.unsigned) {
    const isS3 = o.service === "s3";
    const signer = new SignatureV4({ credentials: o.credentials, region: o.region ?? "us-east-1", service: o.service, sha256: Sha256, uriEscapePath: !isS3, applyChecksum: isS3 });
    req = await signer.sign(req, { signingDate: o.signingDate ?? new Date() });
  }
  const qs = rawQuery ? `?${rawQuery}` : "";
  return new Promise((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, method: req.method, path: `${pathOnly}${qs}`, headers: req.headers, timeout: o.timeoutMs ?? 60000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: b, text: b.toString("utf8") });
      });
      res.on("error", reject);
    });
    r.on("timeout", () => r.destroy(new Error("timed out")));
    r.on("error", reject);
    r.end(body);
  });
}

/** Credentials and endpoint from the env file's variables. */
export function envConfig(env = process.env) {
  return {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [service, method, path, body, ...hdrs] = process.argv.slice(2);
  if (!service || !method || !path) {
    console.error("usage: node src/aws-call.mjs SERVICE METHOD PATH [BODY] [Header:value ...]   (env: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION)");
    process.exit(2);
  }
  const headers = Object.fromEntries(hdrs.map((h) => [h.slice(0, h.indexOf(":")), h.slice(h.indexOf(":") + 1)]));
  const cfg = envConfig();
  const out = await awsCall({ ...cfg, service, method, path, body: body === "" ? undefined : body, headers });
  console.log(`HTTP ${out.status}`);
  for (const [k, v] of Object.entries(out.headers)) console.log(`${k}: ${v}`);
  console.log();
  console.log(out.text);
}
