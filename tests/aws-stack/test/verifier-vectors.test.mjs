// Self-test of the front's SigV4 verifier against the official test vectors in
// tests/data/sigv4 (aws-c-auth v4 suite, S3 API reference examples, smithy-rs extras).
// Expected values come from those files, never from the verifier itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { verifyRequest, VerifyError } from "../src/sigv4-verifier.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, "../../data/sigv4");
const V4 = path.join(DATA, "v4");

/** Parses a suite request file: request line, Name:value headers (continuations start with whitespace), blank line, body. */
function parseRequestFile(text) {
  const lines = [];
  let rest = text;
  let body = "";
  // Body follows the first empty line.
  const blank = rest.search(/\r?\n\r?\n/);
  if (blank >= 0) {
    body = rest.slice(rest.indexOf("\n", blank + 1) + 1);
    rest = rest.slice(0, blank);
  }
  for (const line of rest.split(/\r?\n/)) lines.push(line);
  const first = lines[0];
  const method = first.slice(0, first.indexOf(" "));
  const target = first.slice(method.length + 1, first.lastIndexOf(" HTTP/"));
  const headers = [];
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1][1] += "\n" + line;
      continue;
    }
    const colon = line.indexOf(":");
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return { method, target, headers, body: Buffer.from(body, "utf8") };
}

function identitiesFor(creds) {
  return new Map([
    [creds.access_key_id, { secretAccessKey: creds.secret_access_key, ...(creds.token ? { sessionToken: creds.token } : {}) }],
  ]);
}

/** Cases whose canonical path keeps empty or dot segments: @smithy always normalises non-S3 paths. */
function needsUnnormalisedPath(caseDir) {
  const ctx = JSON.parse(readFileSync(path.join(caseDir, "context.json"), "utf8"));
  if (ctx.normalize) return false;
  const canonicalPath = readFileSync(path.join(caseDir, "header-canonical-request.txt"), "utf8").split("\n")[1];
  return /\/\/|\/\.\.?(\/|$)/.test(canonicalPath);
}

const cases = readdirSync(V4).filter((d) => existsSync(path.join(V4, d, "header-signed-request.txt")));

test("v4 suite has the expected number of cases", () => {
  assert.equal(cases.length, 38);
});

for (const name of cases) {
  const dir = path.join(V4, name);
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const identities = identitiesFor(ctx.credentials);
  const now = new Date(ctx.timestamp);
  const rejectExpected = needsUnnormalisedPath(dir);

  test(`v4 ${name} (Authorization header)`, async () => {
    const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
    if (rejectExpected) {
      await assert.rejects(verifyRequest(req, { identities, now }), (e) => e instanceof VerifyError && e.code === "SignatureDoesNotMatch");
      return;
    }
    const out = await verifyRequest(req, { identities, now });
    assert.equal(out.ok, true);
    const expectedCreq = readFileSync(path.join(dir, "header-canonical-request.txt"), "utf8");
    assert.equal(out.canonicalRequest, expectedCreq);
    assert.equal(out.stringToSign, readFileSync(path.join(dir, "header-string-to-sign.txt"), "utf8"));
    assert.equal(out.signature, readFileSync(path.join(dir, "header-signature.txt"), "utf8").trim());
  });

  test(`v4 ${name} (presigned query)`, async () => {
    const req = parseRequestFile(readFileSync(path.join(dir, "query-signed-request.txt"), "utf8"));
    // omit_session_token: the token was appended after signing; a presigned URL gives no way to
    // tell, and the verifier (like most AWS services) takes every query parameter as signed.
    if (rejectExpected || ctx.omit_session_token) {
      await assert.rejects(verifyRequest(req, { identities, now }), (e) => e.code === "SignatureDoesNotMatch");
      return;
    }
    const out = await verifyRequest(req, { identities, now });
    assert.equal(out.signature, readFileSync(path.join(dir, "query-signature.txt"), "utf8").trim());
  });
}

test("v4 get-vanilla with one changed header value is rejected with the expected canonical request", async () => {
  const dir = path.join(V4, "get-vanilla");
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  req.target = "/?tampered=1";
  await assert.rejects(verifyRequest(req, { identities: identitiesFor(ctx.credentials), now: new Date(ctx.timestamp) }), (e) => {
    assert.equal(e.code, "SignatureDoesNotMatch");
    assert.equal(e.canonicalRequest.split("\n")[2], "tampered=1");
    return true;
  });
});

test("v4 post-vanilla with a wrong secret key is rejected", async () => {
  const dir = path.join(V4, "post-vanilla");
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  const identities = identitiesFor({ ...ctx.credentials, secret_access_key: "wrong" });
  await assert.rejects(verifyRequest(req, { identities, now: new Date(ctx.timestamp) }), (e) => e.code === "SignatureDoesNotMatch");
});

test("unknown access key is InvalidClientTokenId", async () => {
  const dir = path.join(V4, "get-vanilla");
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  await assert.rejects(verifyRequest(req, { identities: new Map(), now: new Date(ctx.timestamp) }), (e) => e.code === "InvalidClientTokenId");
});

test("a request 16 minutes from the server clock is RequestTimeTooSkewed; 14 minutes passes", async () => {
  const dir = path.join(V4, "get-vanilla");
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  const t = new Date(ctx.timestamp).getTime();
  const identities = identitiesFor(ctx.credentials);
  await assert.rejects(verifyRequest(req, { identities, now: new Date(t + 16 * 60e3) }), (e) => e.code === "RequestTimeTooSkewed");
  await assert.rejects(verifyRequest(req, { identities, now: new Date(t - 16 * 60e3) }), (e) => e.code === "RequestTimeTooSkewed");
  assert.equal((await verifyRequest(req, { identities, now: new Date(t + 14 * 60e3) })).ok, true);
});

test("session-token identity: missing or wrong token is rejected", async () => {
  const dir = path.join(V4, "get-vanilla-with-session-token");
  const ctx = JSON.parse(readFileSync(path.join(dir, "context.json"), "utf8"));
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  const now = new Date(ctx.timestamp);
  const wrong = identitiesFor({ ...ctx.credentials, token: "other" });
  await assert.rejects(verifyRequest(req, { identities: wrong, now }), (e) => e.code === "InvalidClientTokenId");
  const noToken = { ...req, headers: req.headers.filter(([n]) => n.toLowerCase() !== "x-amz-security-token") };
  await assert.rejects(verifyRequest(noToken, { identities: identitiesFor(ctx.credentials), now }), (e) => e.code === "InvalidClientTokenId");
});

test("unsigned request is MissingAuthenticationToken", async () => {
  const req = { method: "GET", target: "/", headers: [["Host", "example.amazonaws.com"]], body: Buffer.alloc(0) };
  await assert.rejects(verifyRequest(req, { identities: new Map(), now: new Date() }), (e) => e.code === "MissingAuthenticationToken");
});

// S3: examples from the Amazon S3 API Reference (path not normalised, encoded once).
const s3 = JSON.parse(readFileSync(path.join(DATA, "s3-doc-examples/s3-doc-examples.json"), "utf8"));
const s3Identities = identitiesFor(s3.credentials);
const s3Now = new Date(s3.timestamp);
for (const c of s3.cases) {
  test(`s3 doc example ${c.name}`, async () => {
    const scope = `${s3.credentials.access_key_id}/${s3.credential_scope}`;
    let req;
    if (c.expires_in_seconds) {
      const q = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": scope,
        "X-Amz-Date": "20130524T000000Z",
        "X-Amz-Expires": String(c.expires_in_seconds),
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Signature": c.signature,
      });
      req = { method: c.method, target: `${c.path}?${q}`, headers: [["Host", c.host]], body: Buffer.alloc(0) };
    } else {
      const headers = [["Host", c.host], ...Object.entries(c.headers)];
      const signed = headers.map(([n]) => n.toLowerCase()).sort().join(";");
      headers.push(["Authorization", `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=${signed}, Signature=${c.signature}`]);
      req = { method: c.method, target: c.query ? `${c.path}?${c.query}` : c.path, headers, body: Buffer.from(c.body ?? "", "utf8") };
    }
    const out = await verifyRequest(req, { identities: s3Identities, now: s3Now });
    assert.equal(out.canonicalRequest, c.canonical_request);
    assert.equal(out.signature, c.signature);
  });
}

test("s3 presigned URL past X-Amz-Expires is RequestExpired", async () => {
  const c = s3.cases.find((x) => x.expires_in_seconds);
  const q = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `${s3.credentials.access_key_id}/${s3.credential_scope}`,
    "X-Amz-Date": "20130524T000000Z",
    "X-Amz-Expires": String(c.expires_in_seconds),
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Signature": c.signature,
  });
  const req = { method: "GET", target: `${c.path}?${q}`, headers: [["Host", c.host]], body: Buffer.alloc(0) };
  const late = new Date(s3Now.getTime() + (c.expires_in_seconds + 1) * 1000);
  await assert.rejects(verifyRequest(req, { identities: s3Identities, now: late }), (e) => e.code === "RequestExpired");
});

test("s3 body that does not match x-amz-content-sha256 is XAmzContentSHA256Mismatch", async () => {
  const c = s3.cases.find((x) => x.name === "put-object");
  const headers = [["Host", c.host], ...Object.entries(c.headers)];
  headers.push(["Authorization", `AWS4-HMAC-SHA256 Credential=${s3.credentials.access_key_id}/${s3.credential_scope}, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=${c.signature}`]);
  const req = { method: "PUT", target: c.path, headers, body: Buffer.from("Welcome to Amazon S4.") };
  await assert.rejects(verifyRequest(req, { identities: s3Identities, now: s3Now }), (e) => e.code === "XAmzContentSHA256Mismatch");
});

test("smithy-rs double-encode-path: non-S3 canonical path is encoded twice", async () => {
  const dir = path.join(DATA, "v4-extra-smithy-rs/double-encode-path");
  const req = parseRequestFile(readFileSync(path.join(dir, "header-signed-request.txt"), "utf8"));
  const expectedPath = readFileSync(path.join(dir, "header-canonical-request.txt"), "utf8").split("\n")[1];
  const identities = new Map([["ANOTREAL", { secretAccessKey: "not-the-real-one" }]]);
  await assert.rejects(verifyRequest(req, { identities, now: new Date("2015-08-30T12:36:00Z") }), (e) => {
    assert.equal(e.code, "SignatureDoesNotMatch");
    assert.equal(e.canonicalRequest.split("\n")[1], expectedPath);
    return true;
  });
});
