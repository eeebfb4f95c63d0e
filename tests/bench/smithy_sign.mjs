// SigV4 signing cost of @smithy/signature-v4 (what the AWS SDK for JavaScript v3 uses) on
// Node's native crypto, for comparison with the C++ signer (awsrest_bench,
// BM_SignSqsSendMessage_*). Signs the same SQS SendMessage request with the same
// credentials and time, and prints the signature so both sides can be compared.
//
//   (cd tests/aws-stack && npm ci)   # once: @smithy packages live there
//   node tests/bench/smithy_sign.mjs [iterations]
//
// The request is read from tests/bench/sqs_send_message_request.txt when that file exists
// (request line, Name:value headers, blank line, body: the bytes the C++ benchmark signs);
// otherwise the same request is built here.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createHash, createHmac } from "node:crypto";

const here = path.dirname(fileURLToPath(import.meta.url));
const requireFromStack = createRequire(path.resolve(here, "../aws-stack/package.json"));
let smithy;
let HttpRequest;
let Hash;
try {
  smithy = requireFromStack("@smithy/signature-v4");
  ({ HttpRequest } = requireFromStack("@smithy/protocol-http"));
  ({ Hash } = requireFromStack("@smithy/hash-node"));
} catch (e) {
  console.error(`smithy_sign: @smithy packages not found (${e.message}); run: (cd tests/aws-stack && npm ci)`);
  process.exit(2);
}
const { SignatureV4, clearCredentialCache } = smithy;

/** The sha256 constructor smithy takes, over node:crypto createHash/createHmac (@smithy/hash-node). */
class Sha256 extends Hash {
  constructor(secret) {
    super("sha256", secret);
  }
}

// 300 bytes, the same as kSqsBody in signing_bench.cpp.
const DEFAULT_BODY =
  '{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/niam","MessageBody":"heartbeat ' +
  "host=web-01.example.internal check=disk-usage status=ok value=41.7 unit=percent interval=60 " +
  "sequence=000123 sent=2015-08-30T12:36:00Z note=padded-to-300-bytes-for-the-signing-benchmark-" +
  'xxxxxxxxxxxxxxxxxxxx"}';

function loadRequest() {
  const file = path.join(here, "sqs_send_message_request.txt");
  if (!existsSync(file)) {
    return {
      source: "built-in (sqs_send_message_request.txt not found)",
      method: "POST",
      path: "/",
      headers: { host: "sqs.us-east-1.amazonaws.com", "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.SendMessage" },
      body: Buffer.from(DEFAULT_BODY, "utf8"),
    };
  }
  const raw = readFileSync(file);
  const text = raw.toString("latin1");
  const sep = text.indexOf("\r\n\r\n") >= 0 ? "\r\n\r\n" : "\n\n";
  const end = text.indexOf(sep);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? Buffer.alloc(0) : raw.subarray(end + sep.length);
  const lines = head.split(/\r?\n/);
  const [method, target] = lines[0].split(" ");
  const headers = {};
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { source: path.relative(process.cwd(), file), method, path: target, headers, body };
}

const req = loadRequest();
const [pathOnly, rawQuery = ""] = req.path.split(/\?(.*)/s);
const query = Object.fromEntries(new URLSearchParams(rawQuery));
const request = new HttpRequest({ method: req.method, protocol: "https:", hostname: req.headers.host, path: pathOnly, query, headers: req.headers, body: req.body });
const signer = new SignatureV4({
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  region: "us-east-1",
  service: "sqs",
  sha256: Sha256,
  uriEscapePath: true,
  applyChecksum: false, // sign only the request's own headers plus X-Amz-Date, as the C++ signer does for SQS
});
const signingDate = new Date("2015-08-30T12:36:00Z");

async function timeIt(label, iterations, clearKey) {
  const warm = Math.min(20000, Math.max(1000, iterations / 10));
  for (let i = 0; i < warm; i++) {
    if (clearKey) clearCredentialCache();
    await signer.sign(request, { signingDate });
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    if (clearKey) clearCredentialCache();
    await signer.sign(request, { signingDate });
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const perOp = ns / iterations;
  console.log(`${label}: ${perOp.toFixed(0)} ns/op  ${(1e9 / perOp).toFixed(0)} ops/s  (${iterations} iterations, ${warm} warm-up)`);
}

const signed = await signer.sign(request, { signingDate });
const auth = signed.headers.authorization;
console.log(`request: ${req.source}: ${req.method} ${req.path}, ${Object.keys(req.headers).length} headers, body ${req.body.length} bytes`);
console.log(`node ${process.version}, @smithy/signature-v4 ${requireFromStack("@smithy/signature-v4/package.json").version}`);
console.log(`SignedHeaders: ${/SignedHeaders=([^,]+)/.exec(auth)[1]}`);
console.log(`Signature: ${/Signature=([0-9a-f]+)/.exec(auth)[1]}`);
const iterations = Number(process.argv[2] ?? 200000);
await timeIt("smithy sign, signing key cached (smithy's default)", iterations, false);
await timeIt("smithy sign, signing key derived every time", Math.max(1000, Math.floor(iterations / 2)), true);

// The hashing no SigV4 signer can avoid (as BM_Floor in signing_bench.cpp): SHA-256 of the
// body, SHA-256 of a canonical-request-sized string, HMAC-SHA256 of a string-to-sign-sized
// string with a 32-byte key. Shows how much of smithy's time is the signer itself.
{
  const realCanonical = signer.createCanonicalRequest(signed, smithy.getCanonicalHeaders(signed), await smithy.getPayloadHash(signed, Sha256));
  const realSts = await signer.createStringToSign("20150830T123600Z", "20150830/us-east-1/sqs/aws4_request", realCanonical, "AWS4-HMAC-SHA256");
  const canonical = "c".repeat(realCanonical.length);
  const sts = "s".repeat(realSts.length);
  const key = createHash("sha256").update("a 32-byte key").digest();
  const floor = () => {
    createHash("sha256").update(req.body).digest();
    createHash("sha256").update(canonical).digest();
    createHmac("sha256", key).update(sts).digest();
  };
  for (let i = 0; i < 20000; i++) floor();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) floor();
  const perOp = Number(process.hrtime.bigint() - t0) / iterations;
  console.log(`floor (node:crypto, the unavoidable hashing; canonical ${canonical.length} B, string to sign ${sts.length} B): ${perOp.toFixed(0)} ns/op  (${iterations} iterations)`);
}
