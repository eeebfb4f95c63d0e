// The front: one port on 127.0.0.1 that verifies SigV4 on every request, counts it,
// injects faults, and routes it by the credential scope's service:
//   sqs  Query protocol (Action= form/query)  -> local-aws-sqs
//   sqs  JSON protocol (X-Amz-Target)         -> fauxqs
//   sns, s3                                   -> fauxqs
//   ec2 (DescribeInstances), sts (GetCallerIdentity), monitoring (CloudWatch PutMetricData),
//   logs (CloudWatch Logs: groups, streams, PutLogEvents, GetLogEvents)
//                                             -> fakes in this process
// Paths under /_stack/ are the unsigned control API. The IMDSv2 fake listens on a second port.
//
// usage: node src/front.mjs --port N --imds-port N --fauxqs-port N --local-sqs-port N --dir RUNDIR
import http from "node:http";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { verifyRequest, VerifyError, redactToken } from "./sigv4-verifier.mjs";
import { classify } from "./request-info.mjs";
import { renderError, authErrorFor, faultErrorFor } from "./aws-errors.mjs";
import { FaultTable } from "./faults.mjs";
import { Counters } from "./counts.mjs";
import { IdentityStore } from "./identities.mjs";
import { Ec2Instances } from "./ec2-fake.mjs";
import { handleSts } from "./sts-fake.mjs";
import { CloudWatchMetrics } from "./cloudwatch-fake.mjs";
import { CloudWatchLogs } from "./logs-fake.mjs";
import { ImdsFake } from "./imds-fake.mjs";
import { forward, forwardableHeaders, rewriteOrigins, FAUXQS_HOST, FAUXQS_QUEUE_ORIGIN } from "./backend-proxy.mjs";
import { handleControl } from "./control-api.mjs";
import { evaluateConditionals, withoutConditionals } from "./s3-conditionals.mjs";
import { receiveParamsToJson, jsonReceiveToQuery } from "./sqs-query-receive.mjs";
import { parseArgs, writePortFile, onShutdown } from "./process-util.mjs";

export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
const SERVICES = new Set(["sqs", "sns", "s3", "ec2", "sts", "monitoring", "logs"]);

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume(); // discard the rest; the 413 answer closes the connection
        reject(Object.assign(new Error(`request body larger than ${limit} bytes`), { tooLarge: true }));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function rawPairs(rawHeaders) {
  const pairs = [];
  for (let i = 0; i < rawHeaders.length; i += 2) pairs.push([rawHeaders[i], rawHeaders[i + 1]]);
  return pairs;
}

function send(res, answer, now, isHead) {
  if (res.headersSent || res.destroyed) return;
  const headers = { ...answer.headers, date: now.toUTCString() };
  if (!(isHead && headers["content-length"] !== undefined)) headers["content-length"] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(isHead || answer.status === 304 ? undefined : answer.body);
}

function truncated(answer) {
  const body = answer.body.length >= 2 ? answer.body.subarray(0, Math.floor(answer.body.length / 2)) : Buffer.from("<");
  return { status: 200, headers: { ...answer.headers }, body };
}

function queryParams(info) {
  return { ...info.query, ...info.form };
}

function formBody(params) {
  return Buffer.from(new URLSearchParams(params).toString(), "utf8");
}

export function createFront({ fauxqsPort, localSqsPort, dir, log = console.log }) {
  const identities = new IdentityStore();
  const faults = new FaultTable();
  const counters = new Counters();
  const ec2 = new Ec2Instances();
  const cloudwatch = new CloudWatchMetrics();
  const logs = new CloudWatchLogs();
  const imds = new ImdsFake({ identities, faults, counters });
  const state = { identities, faults, counters, ec2, cloudwatch, logs, imds, fauxqsPort, localSqsPort, ports: {} };
  const verifierLog = dir ? path.join(dir, "verifier.log") : undefined;

  const backendOrigins = () => [
    FAUXQS_QUEUE_ORIGIN,
    `http://127.0.0.1:${localSqsPort}`,
    `http://localhost:${localSqsPort}`,
    `http://127.0.0.1:${fauxqsPort}`,
    `http://localhost:${fauxqsPort}`,
  ];

  async function dispatch(info, request, verified, res) {
    const host = info.headers.get("host")?.[0] ?? `127.0.0.1:${state.ports.front}`;
    const clientOrigin = `http://${host}`;
    const { service } = info;
    if (service === "ec2") return ec2.handle(queryParams(info), info.region);
    if (service === "sts") return handleSts(queryParams(info), verified.identity);
    if (service === "monitoring") return cloudwatch.handle(queryParams(info), request.body.length, info.region);
    if (service === "logs") return logs.handle(info.action, request.body);

    const headers = forwardableHeaders(request.headers);
    let body = request.body;
    let target = request.target;
    let port = fauxqsPort;
    if (service === "sqs" && info.protocol === "json") {
      // fauxqs looks queues up by exact URL: hand it its own form of the URL the client used.
      headers.host = `sqs.${info.region}.${FAUXQS_HOST}`;
      if (body.length) {
        try {
          const doc = JSON.parse(body.toString("utf8"));
          if (typeof doc.QueueUrl === "string") {
            doc.QueueUrl = doc.QueueUrl.replace(/^https?:\/\/[^/]+/i, `http://sqs.${info.region}.${FAUXQS_HOST}`);
            body = Buffer.from(JSON.stringify(doc), "utf8");
          }
        } catch {
          // not JSON: let the backend answer it
        }
      }
    } else if (service === "sqs" || service === "sns") {
      // Query protocol: always a form POST to "/"; a queue URL used as the endpoint path
      // (as the SQS Query API allows) becomes the QueueUrl parameter.
      const params = queryParams(info);
      if (service === "sqs" && info.path !== "/" && params.QueueUrl === undefined) params.QueueUrl = `${clientOrigin}${info.path}`;
      if (service === "sqs" && params.Action === "ReceiveMessage") {
        const jsonHeaders = { ...headers, "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.ReceiveMessage" };
        const jsonBody = Buffer.from(JSON.stringify(receiveParamsToJson(params)), "utf8");
        const answer = await forward(localSqsPort, { method: "POST", path: "/", headers: jsonHeaders, body: jsonBody }, res);
        return rewriteOrigins(jsonReceiveToQuery(answer), backendOrigins(), clientOrigin);
      }
      body = formBody(params);
      headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8";
      target = "/";
      if (service === "sqs") port = localSqsPort;
      request = { ...request, method: "POST" };
    }
    let answer = await forward(port, { method: request.method, path: target, headers, body }, res);
    if (service === "s3" && request.method === "HEAD" && answer.status === 200) answer = evaluateConditionals(info.headers, answer);
    if (service === "s3" && request.method === "GET" && answer.status === 304 && answer.headers.etag === undefined) {
      const head = await forward(port, { method: "HEAD", path: target, headers: withoutConditionals(headers) }, res);
      if (head.status === 200) answer = evaluateConditionals(info.headers, head);
    }
    if (service === "sqs" || service === "sns") answer = rewriteOrigins(answer, backendOrigins(), clientOrigin);
    return answer;
  }

  async function onApiRequest(req, res) {
    const started = Date.now();
    let body;
    try {
      body = await readBody(req, MAX_REQUEST_BODY_BYTES);
    } catch (e) {
      if (e.tooLarge && !res.headersSent) {
        const msg = Buffer.from(`request body larger than ${MAX_REQUEST_BODY_BYTES} bytes\n`);
        res.writeHead(413, { connection: "close", "content-type": "text/plain", "content-length": msg.length, date: new Date().toUTCString() });
        res.end(msg, () => req.socket.destroy());
      }
      return;
    }
    const request = { method: req.method, target: req.url, headers: rawPairs(req.rawHeaders), body };
    const info = classify(request);
    const { service, action, protocol } = info;
    counters.request(service, action);
    const line = (status, note = "") => log(`${new Date().toISOString()} ${service} ${action} ${status} ${Date.now() - started}ms${note}`);

    if (faults.isDown(service, action)) {
      counters.faulted(service, action);
      line("down", " (connection dropped)");
      req.socket.destroy();
      return;
    }
    const now = new Date(Date.now() + faults.clockOffsetMs(service, action));

    let verified;
    try {
      verified = await verifyRequest(request, { identities: identities.asMap(), now });
      if (!SERVICES.has(verified.scope.service)) {
        throw new VerifyError(
          "SignatureDoesNotMatch",
          `Credential should be scoped to correct service: this stack serves ${[...SERVICES].join(", ")}; got '${verified.scope.service}'`,
          { scope: verified.scope },
        );
      }
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      const spec = authErrorFor(e, protocol, service, now);
      const answer = renderError({ ...spec, protocol, service });
      counters.rejected(service, action, e.code, {
        status: spec.status,
        answeredCode: spec.code,
        message: e.message,
        method: req.method,
        target: redactToken(req.url),
        ...(e.canonicalRequest ? { canonicalRequest: redactToken(e.canonicalRequest), stringToSign: e.stringToSign, signedHeaders: e.signedHeadersProvided } : {}),
      });
      if (verifierLog) {
        const detail = e.canonicalRequest
          ? `\n--- expected canonical request ---\n${redactToken(e.canonicalRequest)}\n--- expected string to sign ---\n${e.stringToSign}\n--- signature provided ${e.signatureProvided}, expected ${e.signatureExpected}; SignedHeaders provided ${e.signedHeadersProvided}, expected ${e.signedHeadersExpected}\n`
          : "\n";
        appendFileSync(verifierLog, `${new Date().toISOString()} REJECTED ${service} ${action} ${req.method} ${redactToken(req.url)}: ${e.code}: ${e.message}${detail}`);
      }
      send(res, answer, now, req.method === "HEAD");
      line(spec.status, ` rejected ${e.code}`);
      return;
    }

    const fault = faults.take(service, action);
    if (fault) counters.faulted(service, action);
    if (fault?.kind === "drop") {
      line("drop", " (fault)");
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (fault && (fault.kind === "500" || fault.kind === "503" || fault.kind === "throttle")) {
      const spec = faultErrorFor(fault.kind, protocol, service);
      send(res, renderError({ ...spec, protocol, service }), now, req.method === "HEAD");
      line(spec.status, ` fault ${fault.kind}`);
      return;
    }
    let answer;
    try {
      answer = await dispatch(info, request, verified, res);
    } catch (e) {
      const spec = { status: 502, code: "InternalFailure", message: `niam aws-stack front: backend for ${service} failed: ${e.message}` };
      answer = renderError({ ...spec, protocol, service });
    }
    if (fault?.kind === "malformed") answer = truncated(answer);
    send(res, answer, now, req.method === "HEAD");
    line(answer.status, fault ? ` fault ${fault.kind}` : "");
  }

  const api = http.createServer((req, res) => {
    const handler = req.url.startsWith("/_stack/") || req.url === "/_stack" ? handleControl(req, res, state) : onApiRequest(req, res);
    Promise.resolve(handler).catch((e) => {
      log(`${new Date().toISOString()} internal error: ${e.stack}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`niam aws-stack front: internal error: ${e.message}\n`);
      } else res.destroy();
    });
  });
  api.keepAliveTimeout = 30_000;
  api.headersTimeout = 35_000;

  const imdsServer = http.createServer((req, res) => imds.handle(req, res));
  return { api, imdsServer, state };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), ["port", "imds-port", "fauxqs-port", "local-sqs-port", "dir"]);
  const fauxqsPort = Number(args["fauxqs-port"]);
  const localSqsPort = Number(args["local-sqs-port"]);
  if (!fauxqsPort || !localSqsPort) throw new Error("--fauxqs-port and --local-sqs-port are required");
  const { api, imdsServer, state } = createFront({ fauxqsPort, localSqsPort, dir: args.dir });
  const listen = (server, port) => new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port ?? 0), "127.0.0.1", () => resolve(server.address().port));
  });
  state.ports.front = await listen(api, args.port);
  state.ports.imds = await listen(imdsServer, args["imds-port"]);
  state.ports.fauxqs = fauxqsPort;
  state.ports.localSqs = localSqsPort;
  if (args.dir) {
    writePortFile(args.dir, "front", state.ports.front);
    writePortFile(args.dir, "imds", state.ports.imds);
  }
  console.log(`front listening on 127.0.0.1:${state.ports.front}, imds on 127.0.0.1:${state.ports.imds}`);
  onShutdown(async () => {
    await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => imdsServer.close(r))]);
  }, [api, imdsServer]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(`front: ${e.stack ?? e}`);
    process.exit(1);
  });
}
