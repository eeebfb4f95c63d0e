// End-to-end check of the stack as tests use it: scripts/aws-stack start on free ports,
// signed requests through the front to every backend, the control API, faults, stop.
// Expected values are AWS's documented behaviour, not the stack's own output.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { awsCall } from "../src/aws-call.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.resolve(here, "../../../scripts/aws-stack");
const dir = mkdtempSync(path.join(tmpdir(), "niam-aws-stack-test-"));
let env;
let cfg;

function readEnv(file) {
  const out = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/'\\''/g, "'");
  }
  return out;
}

async function ctl(method, p, body) {
  const r = await fetch(`${env.STACK_CONTROL_URL}${p}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

const sqsJson = (target, body, extra = {}) =>
  awsCall({ ...cfg, ...extra, service: "sqs", method: "POST", path: "/", body: JSON.stringify(body), headers: { "x-amz-target": `AmazonSQS.${target}`, "content-type": "application/x-amz-json-1.0" } });
const query = (service, params, extra = {}) =>
  awsCall({ ...cfg, ...extra, service, method: "POST", path: extra.path ?? "/", body: new URLSearchParams(params).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
const s3 = (method, p, body, headers = {}) => awsCall({ ...cfg, service: "s3", method, path: p, body, headers });
const tag = (xml, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

before(() => {
  const t0 = Date.now();
  execFileSync(script, ["start", "--dir", dir, "--port-base", "0"], { stdio: ["ignore", "ignore", "inherit"] });
  assert.ok(Date.now() - t0 < 10000 + 60000, "start (including a first npm ci) took too long");
  env = readEnv(path.join(dir, "env"));
  cfg = { endpoint: env.AWS_ENDPOINT_URL, region: env.AWS_REGION, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
});

after(() => {
  execFileSync(script, ["stop", "--dir", dir], { stdio: "ignore" });
  const pids = existsSync(path.join(dir, "pids"));
  rmSync(dir, { recursive: true, force: true });
  assert.equal(pids, false, "stop removes RUNDIR/pids");
});

test("env file names every endpoint and the test identity", () => {
  for (const k of ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "STACK_CONTROL_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
    assert.ok(env[k], `${k} in env`);
  }
  assert.match(env.AWS_ENDPOINT_URL, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test("unsigned requests are refused with AWS-shaped 403s", async () => {
  const xml = await awsCall({ endpoint: cfg.endpoint, service: "sqs", method: "GET", path: "/?Action=ListQueues", unsigned: true });
  assert.equal(xml.status, 403);
  assert.equal(tag(xml.text, "Code"), "MissingAuthenticationToken");
  assert.ok(xml.headers.date);
  const json = await awsCall({ endpoint: cfg.endpoint, service: "sqs", method: "POST", path: "/", body: "{}", headers: { "x-amz-target": "AmazonSQS.ListQueues", "content-type": "application/x-amz-json-1.0" }, unsigned: true });
  assert.equal(json.status, 403);
  assert.match(JSON.parse(json.text).__type, /#MissingAuthenticationToken$/);
  await ctl("POST", "/counts/reset");
});

test("SQS JSON protocol (fauxqs): queue lifecycle through the front", async () => {
  let r = await sqsJson("CreateQueue", { QueueName: "e2e-json", Attributes: { VisibilityTimeout: "30" } });
  assert.equal(r.status, 200, r.text);
  const url = JSON.parse(r.text).QueueUrl;
  assert.equal(url, `${env.AWS_ENDPOINT_URL}/${env.STACK_ACCOUNT_ID}/e2e-json`);
  assert.equal(JSON.parse((await sqsJson("GetQueueUrl", { QueueName: "e2e-json" })).text).QueueUrl, url);
  r = await sqsJson("SendMessage", { QueueUrl: url, MessageBody: "hello <&>" });
  assert.equal(JSON.parse(r.text).MD5OfMessageBody, createHash("md5").update("hello <&>").digest("hex"));
  r = await sqsJson("SendMessageBatch", { QueueUrl: url, Entries: [{ Id: "a", MessageBody: "b1" }, { Id: "b", MessageBody: "b2" }] });
  assert.equal(JSON.parse(r.text).Successful.length, 2);
  r = await sqsJson("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ["All"] });
  const msgs = JSON.parse(r.text).Messages;
  assert.equal(msgs.length, 3);
  assert.ok(msgs.some((m) => m.Body === "hello <&>"));
  assert.ok(msgs[0].Attributes.ApproximateReceiveCount);
  assert.equal((await sqsJson("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: msgs[0].ReceiptHandle, VisibilityTimeout: 0 })).status, 200);
  assert.equal((await sqsJson("DeleteMessage", { QueueUrl: url, ReceiptHandle: msgs[1].ReceiptHandle })).status, 200);
  r = await sqsJson("DeleteMessageBatch", { QueueUrl: url, Entries: [{ Id: "x", ReceiptHandle: msgs[2].ReceiptHandle }] });
  assert.equal(JSON.parse(r.text).Successful.length, 1);
  r = await sqsJson("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["All"] });
  assert.equal(JSON.parse(r.text).Attributes.ApproximateNumberOfMessages, "1");
  const t0 = Date.now();
  r = await sqsJson("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 1, VisibilityTimeout: 30 });
  assert.equal(JSON.parse(r.text).Messages.length, 1);
  r = await sqsJson("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 1 });
  assert.ok(Date.now() - t0 >= 1000, "an empty long poll waits WaitTimeSeconds");
  assert.equal(JSON.parse(r.text).Messages, undefined);
  r = await sqsJson("SendMessage", { QueueUrl: `${url}-missing`, MessageBody: "x" });
  assert.equal(r.status, 400);
  assert.match(JSON.parse(r.text).__type, /QueueDoesNotExist$/);
});

test("SQS Query protocol (local-aws-sqs): queue lifecycle, escaped bodies, queue URL as path", async () => {
  const v = { Version: "2012-11-05" };
  let r = await query("sqs", { ...v, Action: "CreateQueue", QueueName: "e2e-query" });
  const url = tag(r.text, "QueueUrl");
  assert.equal(url, `${env.AWS_ENDPOINT_URL}/${env.STACK_ACCOUNT_ID}/e2e-query`);
  assert.equal(tag((await query("sqs", { ...v, Action: "GetQueueUrl", QueueName: "e2e-query" })).text, "QueueUrl"), url);
  r = await query("sqs", { ...v, Action: "SendMessage", QueueUrl: url, MessageBody: "a<b & c>d", "MessageAttribute.1.Name": "k", "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "<v>" });
  assert.equal(tag(r.text, "MD5OfMessageBody"), createHash("md5").update("a<b & c>d").digest("hex"));
  r = await query("sqs", { ...v, Action: "SendMessage", MessageBody: "via path" }, { path: new URL(url).pathname });
  assert.equal(r.status, 200, r.text);
  r = await query("sqs", { ...v, Action: "SendMessageBatch", QueueUrl: url, "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "b1" });
  assert.equal(tag(r.text, "Id"), "a");
  r = await query("sqs", { ...v, Action: "ReceiveMessage", QueueUrl: url, MaxNumberOfMessages: "10", WaitTimeSeconds: "1", "AttributeName.1": "All", "MessageAttributeName.1": "All" });
  assert.ok(r.text.includes("<Body>a&lt;b &amp; c&gt;d</Body>"), r.text);
  assert.ok(r.text.includes("<StringValue>&lt;v&gt;</StringValue>"));
  const handles = [...r.text.matchAll(/<ReceiptHandle>([^<]+)</g)].map((m) => m[1]);
  assert.equal(handles.length, 3);
  assert.equal((await query("sqs", { ...v, Action: "ChangeMessageVisibility", QueueUrl: url, ReceiptHandle: handles[0], VisibilityTimeout: "0" })).status, 200);
  assert.equal((await query("sqs", { ...v, Action: "DeleteMessage", QueueUrl: url, ReceiptHandle: handles[1] })).status, 200);
  r = await query("sqs", { ...v, Action: "DeleteMessageBatch", QueueUrl: url, "DeleteMessageBatchRequestEntry.1.Id": "x", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handles[2] });
  assert.ok(r.text.includes("<DeleteMessageBatchResultEntry>"));
  r = await query("sqs", { ...v, Action: "GetQueueAttributes", QueueUrl: url, "AttributeName.1": "All" });
  assert.ok(r.text.includes("<Name>ApproximateNumberOfMessages</Name>"));
  r = await query("sqs", { ...v, Action: "SendMessage", QueueUrl: `${url}-missing`, MessageBody: "x" });
  assert.equal(r.status, 400);
  assert.equal(tag(r.text, "Code"), "AWS.SimpleQueueService.NonExistentQueue");
});

test("SNS (fauxqs): publish reaches a subscribed SQS queue", async () => {
  const topicArn = tag((await query("sns", { Version: "2010-03-31", Action: "CreateTopic", Name: "e2e-topic" })).text, "TopicArn");
  const url = JSON.parse((await sqsJson("CreateQueue", { QueueName: "e2e-sub" })).text).QueueUrl;
  const arn = JSON.parse((await sqsJson("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["QueueArn"] })).text).Attributes.QueueArn;
  assert.equal(arn, `arn:aws:sqs:us-east-1:${env.STACK_ACCOUNT_ID}:e2e-sub`);
  assert.ok(tag((await query("sns", { Version: "2010-03-31", Action: "Subscribe", TopicArn: topicArn, Protocol: "sqs", Endpoint: arn })).text, "SubscriptionArn"));
  assert.ok(tag((await query("sns", { Version: "2010-03-31", Action: "Publish", TopicArn: topicArn, Message: "event-1" })).text, "MessageId"));
  const msgs = JSON.parse((await sqsJson("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 2 })).text).Messages;
  const envelope = JSON.parse(msgs[0].Body);
  assert.equal(envelope.Type, "Notification");
  assert.equal(envelope.Message, "event-1");
  assert.equal(envelope.TopicArn, topicArn);
});

test("S3 (fauxqs): put/get/head/list and conditional GET and HEAD", async () => {
  assert.equal((await s3("PUT", "/e2e-bucket")).status, 200);
  const body = '{"k":"v"}';
  let r = await s3("PUT", "/e2e-bucket/dir/a%20b.json", body, { "content-type": "application/json" });
  assert.equal(r.status, 200, r.text);
  const etag = `"${createHash("md5").update(body).digest("hex")}"`;
  assert.equal(r.headers.etag, etag);
  r = await s3("GET", "/e2e-bucket/dir/a%20b.json");
  assert.equal(r.text, body);
  assert.equal(r.headers["content-type"], "application/json");
  r = await s3("HEAD", "/e2e-bucket/dir/a%20b.json");
  assert.equal(r.headers["content-length"], String(body.length));
  r = await s3("GET", "/e2e-bucket?list-type=2&prefix=dir%2F");
  assert.equal(tag(r.text, "Key"), "dir/a b.json");
  assert.equal(tag(r.text, "KeyCount"), "1");
  for (const m of ["GET", "HEAD"]) {
    r = await s3(m, "/e2e-bucket/dir/a%20b.json", undefined, { "if-none-match": etag });
    assert.equal(r.status, 304, `${m} If-None-Match`);
    assert.equal(r.headers.etag, etag);
    r = await s3(m, "/e2e-bucket/dir/a%20b.json", undefined, { "if-none-match": '"other"' });
    assert.equal(r.status, 200);
  }
  r = await s3("GET", "/e2e-bucket/missing");
  assert.equal(r.status, 404);
  assert.equal(tag(r.text, "Code"), "NoSuchKey");
});

test("EC2 DescribeInstances (fake): filters, ids, pagination, state changes, errors", async () => {
  await ctl("DELETE", "/ec2/instances");
  const add = await ctl("POST", "/ec2/instances", [
    { instanceId: "i-0aaaaaaaaaaaaaaa1", tags: { Name: "web-1" }, privateIpAddress: "10.1.0.1", ipAddress: "203.0.113.1" },
    { instanceId: "i-0aaaaaaaaaaaaaaa2", tags: { Name: "web-2" } },
    ...Array.from({ length: 5 }, () => ({})),
  ]);
  assert.equal(add.status, 201);
  const v = { Action: "DescribeInstances", Version: "2016-11-15" };
  let r = await query("ec2", { ...v, "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "web-*" });
  assert.ok(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'));
  assert.deepEqual([...r.text.matchAll(/<instanceId>([^<]+)</g)].map((m) => m[1]), ["i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"]);
  assert.ok(r.text.includes("<instanceState><code>16</code><name>running</name></instanceState>"));
  assert.ok(r.text.includes("<privateIpAddress>10.1.0.1</privateIpAddress><ipAddress>203.0.113.1</ipAddress>"));
  assert.ok(r.text.includes("<tagSet><item><key>Name</key><value>web-1</value></item></tagSet>"));
  await ctl("POST", "/ec2/instances/i-0aaaaaaaaaaaaaaa2/stop");
  r = await query("ec2", { ...v, "InstanceId.1": "i-0aaaaaaaaaaaaaaa2" });
  assert.ok(r.text.includes("<instanceState><code>80</code><name>stopped</name></instanceState>"));
  await ctl("POST", "/ec2/instances/i-0aaaaaaaaaaaaaaa2/terminate");
  r = await query("ec2", { ...v, "Filter.1.Name": "instance-state-name", "Filter.1.Value.1": "terminated" });
  assert.ok(r.text.includes("<code>48</code><name>terminated</name>"));
  r = await query("ec2", { ...v, MaxResults: "5" });
  assert.equal([...r.text.matchAll(/<instanceId>/g)].length, 5);
  const next = tag(r.text, "nextToken");
  assert.ok(next);
  r = await query("ec2", { ...v, MaxResults: "5", NextToken: next });
  assert.equal([...r.text.matchAll(/<instanceId>/g)].length, 2);
  assert.equal(tag(r.text, "nextToken"), undefined);
  r = await query("ec2", { ...v, "InstanceId.1": "i-0bbbbbbbbbbbbbbb1" });
  assert.equal(r.status, 400);
  assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidInstanceID.NotFound<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>$/);
});

test("STS GetCallerIdentity (fake) answers for the signer, including IMDS role credentials", async () => {
  let r = await query("sts", { Action: "GetCallerIdentity", Version: "2011-06-15" });
  assert.equal(tag(r.text, "Arn"), env.STACK_TEST_USER_ARN);
  assert.equal(tag(r.text, "Account"), env.STACK_ACCOUNT_ID);
  assert.ok(tag(r.text, "RequestId"));
  const imds = env.AWS_EC2_METADATA_SERVICE_ENDPOINT.replace(/\/$/, "");
  assert.equal((await fetch(`${imds}/latest/meta-data/instance-id`)).status, 401);
  const token = await (await fetch(`${imds}/latest/api/token`, { method: "PUT", headers: { "x-aws-ec2-metadata-token-ttl-seconds": "60" } })).text();
  const h = { headers: { "x-aws-ec2-metadata-token": token } };
  assert.equal(await (await fetch(`${imds}/latest/meta-data/instance-id`, h)).text(), env.STACK_IMDS_INSTANCE_ID);
  assert.equal(await (await fetch(`${imds}/latest/meta-data/placement/region`, h)).text(), "us-east-1");
  const doc = await (await fetch(`${imds}/latest/dynamic/instance-identity/document`, h)).json();
  assert.equal(doc.instanceId, env.STACK_IMDS_INSTANCE_ID);
  const role = await (await fetch(`${imds}/latest/meta-data/iam/security-credentials/`, h)).text();
  const creds = await (await fetch(`${imds}/latest/meta-data/iam/security-credentials/${role}`, h)).json();
  assert.equal(creds.Code, "Success");
  assert.equal(creds.AccessKeyId, env.STACK_SESSION_ACCESS_KEY_ID);
  r = await query("sts", { Action: "GetCallerIdentity", Version: "2011-06-15" }, { credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.Token } });
  assert.equal(tag(r.text, "Arn"), `arn:aws:sts::${env.STACK_ACCOUNT_ID}:assumed-role/${role}/${env.STACK_IMDS_INSTANCE_ID}`);
});

test("the good traffic above was never rejected by the verifier", async () => {
  const { json } = await ctl("GET", "/counts");
  assert.equal(json.total.rejected, 0, JSON.stringify(json.rejectedByCode));
  assert.ok(json.services.sqs.SendMessage.requests >= 2);
  assert.ok(json.services.s3.GetObject.requests >= 1);
});

test("a wrong secret key is SignatureDoesNotMatch with the expected canonical request", async () => {
  const r = await query("sqs", { Action: "ListQueues", Version: "2012-11-05" }, { credentials: { ...cfg.credentials, secretAccessKey: "wrong" } });
  assert.equal(r.status, 403);
  assert.equal(tag(r.text, "Code"), "SignatureDoesNotMatch");
  assert.ok(r.text.includes("The Canonical String for this request should have been"));
  const unknown = await sqsJson("ListQueues", {}, { credentials: { accessKeyId: "AKIAUNKNOWNEXAMPLE00", secretAccessKey: "x" } });
  assert.equal(unknown.status, 403);
  assert.match(JSON.parse(unknown.text).__type, /#InvalidClientTokenId$/);
  const { json } = await ctl("GET", "/rejections");
  assert.equal(json.at(-2).code, "SignatureDoesNotMatch");
  assert.ok(json.at(-2).canonicalRequest.startsWith("POST\n/\n\n"));
  assert.ok(readFileSync(path.join(dir, "verifier.log"), "utf8").includes("--- expected canonical request ---"));
});

test("a wrong secret with a session token: the answer echoes the token as AWS does, the stack's logs do not", async () => {
  const token = env.STACK_SESSION_TOKEN;
  const session = { credentials: { accessKeyId: env.STACK_SESSION_ACCESS_KEY_ID, secretAccessKey: "wrong", sessionToken: token } };
  const q = await query("sqs", { Action: "ListQueues", Version: "2012-11-05" }, session);
  assert.equal(q.status, 403);
  assert.equal(tag(q.text, "Code"), "SignatureDoesNotMatch");
  assert.ok(q.text.includes(`\nx-amz-security-token:${token}\n`), q.text);
  assert.ok(q.text.includes("The String-to-Sign should have been\n"));
  const j = await sqsJson("ListQueues", {}, session);
  assert.equal(j.status, 403);
  assert.ok(JSON.parse(j.text).message.includes(`\nx-amz-security-token:${token}\n`));
  const o = await awsCall({ ...cfg, ...session, service: "s3", method: "GET", path: "/no-such-bucket/k" });
  assert.equal(o.status, 403);
  assert.equal(tag(o.text, "Code"), "SignatureDoesNotMatch");
  assert.ok(tag(o.text, "CanonicalRequest").includes(`x-amz-security-token:${token}`));
  const bytes = Buffer.from(tag(o.text, "CanonicalRequestBytes").split(" ").map((b) => parseInt(b, 16))).toString("utf8");
  assert.equal(bytes, tag(o.text, "CanonicalRequest"));
  const { json } = await ctl("GET", "/rejections");
  assert.ok(!JSON.stringify(json).includes(token), "the control API masks the token");
  assert.ok(!readFileSync(path.join(dir, "verifier.log"), "utf8").includes(token), "verifier.log masks the token");
  assert.ok(readFileSync(path.join(dir, "verifier.log"), "utf8").includes("x-amz-security-token:<redacted>"));
});

test("faults: 503, throttling, drop, malformed, outage", async () => {
  await ctl("POST", "/faults", [{ service: "sqs", action: "SendMessage", kind: "503", count: 2 }, { service: "sqs", action: "ListQueues", kind: "throttle" }]);
  for (let i = 0; i < 2; i++) assert.equal((await sqsJson("SendMessage", { QueueUrl: "x", MessageBody: "y" })).status, 503);
  assert.equal((await sqsJson("SendMessage", { QueueUrl: "x", MessageBody: "y" })).status, 400); // the real answer again
  const th = await sqsJson("ListQueues", {});
  assert.equal(th.status, 400);
  assert.match(JSON.parse(th.text).__type, /#ThrottlingException$/);
  await ctl("POST", "/faults", { service: "sqs", action: "ListQueues", kind: "throttle" });
  assert.equal(tag((await query("sqs", { Action: "ListQueues", Version: "2012-11-05" })).text, "Code"), "RequestThrottled");
  await ctl("POST", "/faults", { service: "sqs", kind: "drop" });
  await assert.rejects(sqsJson("ListQueues", {}), (e) => e.code === "ECONNRESET" || /socket hang up/.test(e.message));
  await ctl("POST", "/faults", { service: "ec2", kind: "malformed" });
  const bad = await query("ec2", { Action: "DescribeInstances", Version: "2016-11-15" });
  assert.equal(bad.status, 200);
  assert.ok(!bad.text.includes("</DescribeInstancesResponse>"));
  await ctl("POST", "/faults", { service: "sqs", kind: "down" });
  await assert.rejects(sqsJson("ListQueues", {}));
  assert.equal((await query("sts", { Action: "GetCallerIdentity", Version: "2011-06-15" })).status, 200, "other services stay up");
  assert.equal((await ctl("DELETE", "/faults")).status, 200);
  assert.equal((await sqsJson("ListQueues", {})).status, 200);
});

test("faults: a skewed clock is refused until the client signs with the Date it was shown", async () => {
  await ctl("POST", "/faults", { kind: "skew", seconds: 3600 });
  const r = await sqsJson("ListQueues", {});
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.text).__type.split("#")[1], "InvalidSignatureException");
  assert.match(JSON.parse(r.text).message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  const serverNow = new Date(r.headers.date);
  assert.ok(Math.abs(serverNow.getTime() - Date.now() - 3600e3) < 5000, "Date header shows the skewed clock");
  const s3r = await s3("GET", "/e2e-bucket?list-type=2");
  assert.equal(tag(s3r.text, "Code"), "RequestTimeTooSkewed");
  assert.equal((await sqsJson("ListQueues", {}, { signingDate: serverNow })).status, 200);
  await ctl("DELETE", "/faults");
  assert.equal((await sqsJson("ListQueues", {})).status, 200);
});
