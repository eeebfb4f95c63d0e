// Independent SigV4 verifier built on @smithy/signature-v4.
//
// Given the bytes a client sent (method, raw request target, raw header list, body), it
// rebuilds the request the way a SigV4 server sees it, re-signs it with @smithy/signature-v4
// for the identity named in the credential scope, and compares signatures.
//
// Conventions (and the @smithy behaviour they rely on; see README.md "Verifier"):
// - Only the headers listed in SignedHeaders are put into the rebuilt request. Repeated
//   headers are joined with "," after trimming each value, as the SigV4 spec says.
// - The path is the raw path of the request line. For non-S3 services smithy normalises
//   it (drops "", "." and ".." segments) and URI-encodes it once more (the spec's double
//   encoding); for s3 (uriEscapePath: false) the path is decoded and re-encoded once per
//   segment and not normalised.
// - The query is percent-decoded ('+' stays '+') and handed to smithy, which sorts and
//   re-encodes it.
// - The payload hash is x-amz-content-sha256 when that header is signed (smithy takes it
//   verbatim, e.g. UNSIGNED-PAYLOAD or STREAMING-...), otherwise SHA-256 of the body.
//   applyChecksum is always false: smithy must not add a header the client did not sign.
// - signRequest() drops a signed `date` header (smithy treats it as generated). When a
//   client signed `date`, the signature is recomputed from smithy's building blocks
//   (getCanonicalHeaders, createCanonicalRequest, getSignature) instead.
import { createHash, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const smithy = require("@smithy/signature-v4");
const { SignatureV4, getCanonicalHeaders, getPayloadHash, prepareRequest, moveHeadersToQuery } = smithy;
const { HttpRequest } = require("@smithy/protocol-http");
const { Hash } = require("@smithy/hash-node");

export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_TTL_S = 7 * 24 * 3600;
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** sha256 constructor in the shape smithy expects (as @smithy/hash-node provides for Node). */
export class Sha256 extends Hash {
  constructor(secret) {
    super("sha256", secret);
  }
}

/** A verification failure; `code` picks the AWS error the front answers with. */
export class VerifyError extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    Object.assign(this, extra);
  }
}

/** Percent-decodes a URI component; '+' is kept literally. Throws VerifyError on bad escapes. */
export function percentDecode(text) {
  if (!text.includes("%")) return text;
  const bytes = [];
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new VerifyError("MalformedQueryString", `invalid percent-encoding near "${text.slice(i, i + 3)}"`);
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const cp = text.codePointAt(i);
      const s = String.fromCodePoint(cp);
      for (const b of Buffer.from(s, "utf8")) bytes.push(b);
      i += s.length;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Splits a raw request target into raw path and raw query (no decoding). */
export function splitTarget(target) {
  let t = target;
  if (/^[a-z]+:\/\//i.test(t)) {
    const afterScheme = t.indexOf("//") + 2;
    const slash = t.indexOf("/", afterScheme);
    t = slash < 0 ? "/" : t.slice(slash);
  }
  const hashAt = t.indexOf("#");
  if (hashAt >= 0) t = t.slice(0, hashAt);
  const q = t.indexOf("?");
  return q < 0 ? { path: t || "/", rawQuery: "" } : { path: t.slice(0, q) || "/", rawQuery: t.slice(q + 1) };
}

/** Decodes a raw query into { name: value | [values] } as smithy's HttpRequest.query expects. */
export function parseQuery(rawQuery) {
  const query = {};
  if (!rawQuery) return query;
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const key = percentDecode(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? "" : percentDecode(piece.slice(eq + 1));
    if (Object.prototype.hasOwnProperty.call(query, key)) {
      const prev = query[key];
      query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      query[key] = value;
    }
  }
  return query;
}

/** Lower-cased header name -> list of raw values, in arrival order. */
export function headerMap(rawHeaderPairs) {
  const map = new Map();
  for (const [name, value] of rawHeaderPairs) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(String(value));
  }
  return map;
}

function firstHeader(map, name) {
  const v = map.get(name);
  return v && v.length ? v[0] : undefined;
}

function trimAll(value) {
  return value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").trim();
}

const AUTH_PREFIX = "AWS4-HMAC-SHA256";

/** Parses "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." */
export function parseAuthorization(value) {
  const text = value.trim();
  const sp = text.indexOf(" ");
  const algorithm = sp < 0 ? text : text.slice(0, sp);
  if (algorithm !== AUTH_PREFIX) {
    throw new VerifyError("IncompleteSignature", `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const fields = {};
  for (const part of text.slice(sp + 1).split(",")) {
    const p = part.trim();
    const eq = p.indexOf("=");
    if (eq > 0) fields[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  for (const required of ["Credential", "SignedHeaders", "Signature"]) {
    if (!fields[required]) {
      throw new VerifyError(
        "IncompleteSignature",
        `Authorization header requires '${required}' parameter. Authorization=${text.slice(0, 200)}`,
      );
    }
  }
  return { credential: fields.Credential, signedHeaders: fields.SignedHeaders, signature: fields.Signature };
}

/** "AKID/20150830/us-east-1/service/aws4_request" -> parts */
export function parseCredential(credential) {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request" || !/^\d{8}$/.test(parts[1])) {
    throw new VerifyError(
      "IncompleteSignature",
      `Credential should be scoped to a valid region and service, in the form <key>/<YYYYMMDD>/<region>/<service>/aws4_request; got '${credential}'`,
    );
  }
  return { accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3] };
}

/** "20150830T123600Z" -> Date, or undefined when malformed. */
export function parseAmzDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatAmzDate(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/**
 * Reads what the credential scope says without verifying anything (used for routing and
 * counting even when verification fails). Returns undefined for unsigned requests.
 */
export function peekScope(request) {
  const headers = headerMap(request.headers);
  const auth = firstHeader(headers, "authorization");
  try {
    if (auth !== undefined) {
      return { kind: "header", ...parseCredential(parseAuthorization(auth).credential) };
    }
    const { rawQuery } = splitTarget(request.target);
    const query = parseQuery(rawQuery);
    if (typeof query["X-Amz-Credential"] === "string") {
      return { kind: "presigned", ...parseCredential(query["X-Amz-Credential"]) };
    }
  } catch {
    return { kind: "malformed" };
  }
  return undefined;
}

function s3CanonicalPath(rawPath) {
  // S3 canonicalises the path it received: each segment decoded, then encoded once.
  return rawPath
    .split("/")
    .map((seg) => encodeURIComponent(percentDecode(seg)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}

/**
 * The canonical request with its session token masked: for the stack's own logs and control
 * API. The answer to the client carries it unmasked, as AWS's does.
 */
export function redactToken(text) {
  return text.replace(/^(x-amz-security-token:).*$/gim, "$1<redacted>").replace(/(X-Amz-Security-Token=)[^&\n]*/g, "$1<redacted>");
}

/**
 * Verifies one request.
 * @param request  { method, target, headers: [[name, value], ...], body: Buffer }
 * @param options  { identities: Map<accessKeyId, {secretAccessKey, sessionToken?, expiresAt?}>, now: Date }
 * @returns { ok: true, accessKeyId, identity, scope, presigned } or throws VerifyError with
 *          .code (AWS error code), .message, and for mismatches .canonicalRequest / .stringToSign
 *          (unmasked: a session token signed as a header or query parameter is in it).
 */
export async function verifyRequest(request, { identities, now }) {
  const headers = headerMap(request.headers);
  const { path: rawPath, rawQuery } = splitTarget(request.target);
  const query = parseQuery(rawQuery);
  const authHeader = firstHeader(headers, "authorization");
  const presigned = authHeader === undefined && typeof query["X-Amz-Credential"] === "string";

  if (authHeader === undefined && !presigned) {
    throw new VerifyError("MissingAuthenticationToken", "Request is missing Authentication Token");
  }

  let auth;
  let amzDateText;
  let expiresIn;
  let tokenSent;
  if (presigned) {
    for (const p of ["X-Amz-Algorithm", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"]) {
      if (typeof query[p] !== "string") {
        throw new VerifyError("AuthorizationQueryParametersError", `Query-string authentication requires the ${p} parameter`);
      }
    }
    if (query["X-Amz-Algorithm"] !== AUTH_PREFIX) {
      throw new VerifyError("AuthorizationQueryParametersError", `X-Amz-Algorithm only supports "${AUTH_PREFIX}"`);
    }
    auth = { credential: query["X-Amz-Credential"], signedHeaders: query["X-Amz-SignedHeaders"], signature: query["X-Amz-Signature"] };
    amzDateText = query["X-Amz-Date"];
    expiresIn = Number(query["X-Amz-Expires"] ?? "3600");
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGNED_TTL_S) {
      throw new VerifyError("AuthorizationQueryParametersError", "X-Amz-Expires must be an integer between 1 and 604800");
    }
    tokenSent = typeof query["X-Amz-Security-Token"] === "string" ? query["X-Amz-Security-Token"] : undefined;
  } else {
    auth = parseAuthorization(authHeader);
    amzDateText = firstHeader(headers, "x-amz-date");
    tokenSent = firstHeader(headers, "x-amz-security-token");
  }
  const scope = parseCredential(auth.credential);
  const signedHeaders = auth.signedHeaders.split(";").map((h) => h.trim().toLowerCase()).filter(Boolean);

  if (amzDateText === undefined) {
    throw new VerifyError(
      "IncompleteSignature",
      "Authorization header requires existence of an 'X-Amz-Date' header (this verifier does not accept a bare Date header as the signing time)",
    );
  }
  const signingDate = parseAmzDate(amzDateText);
  if (!signingDate) {
    throw new VerifyError("IncompleteSignature", `X-Amz-Date must be in ISO 8601 basic format (YYYYMMDDTHHMMSSZ); got '${amzDateText}'`);
  }

  // Identity lookup.
  const identity = identities.get(scope.accessKeyId);
  if (!identity) {
    throw new VerifyError("InvalidClientTokenId", "The security token included in the request is invalid.", { scope });
  }
  if (identity.sessionToken !== undefined) {
    if (tokenSent === undefined) {
      throw new VerifyError("InvalidClientTokenId", "The security token included in the request is invalid (temporary credentials need X-Amz-Security-Token).", { scope });
    }
    if (tokenSent !== identity.sessionToken) {
      throw new VerifyError("InvalidClientTokenId", "The security token included in the request is invalid.", { scope });
    }
    if (identity.expiresAt !== undefined && now.getTime() >= identity.expiresAt) {
      throw new VerifyError("ExpiredToken", "The security token included in the request is expired", { scope });
    }
  } else if (tokenSent !== undefined) {
    throw new VerifyError("InvalidClientTokenId", "The security token included in the request is invalid (this access key takes no session token).", { scope });
  }

  // Time checks.
  if (presigned) {
    if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS) {
      throw new VerifyError("RequestNotYetValid", "Request is not yet valid", { scope, signingDate });
    }
    if (now.getTime() > signingDate.getTime() + expiresIn * 1000) {
      throw new VerifyError("RequestExpired", "Request has expired", { scope, signingDate, expiresIn });
    }
  } else if (Math.abs(signingDate.getTime() - now.getTime()) > MAX_SKEW_MS) {
    throw new VerifyError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {
      scope,
      signingDate,
    });
  }
  if (scope.date !== amzDateText.slice(0, 8)) {
    throw new VerifyError(
      "SignatureDoesNotMatch",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDateText.slice(0, 8)}'`,
      { scope },
    );
  }
  if (!signedHeaders.includes("host")) {
    throw new VerifyError("SignatureDoesNotMatch", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", { scope });
  }

  // Payload.
  const isS3 = scope.service === "s3";
  const contentSha = firstHeader(headers, "x-amz-content-sha256");
  if (isS3 && !presigned && contentSha === undefined) {
    throw new VerifyError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", { scope });
  }
  if (contentSha !== undefined) {
    if (/^[0-9a-f]{64}$/.test(contentSha)) {
      const actual = createHash("sha256").update(request.body ?? Buffer.alloc(0)).digest("hex");
      if (actual !== contentSha) {
        throw new VerifyError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", {
          scope,
          clientComputed: contentSha,
          s3Computed: actual,
        });
      }
    } else if (!(contentSha === "UNSIGNED-PAYLOAD" || contentSha.startsWith("STREAMING-"))) {
      throw new VerifyError("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-..., or a valid sha256 value.", { scope });
    }
  }

  // Rebuild the request from exactly the signed parts.
  const rebuiltHeaders = {};
  for (const name of signedHeaders) {
    const values = headers.get(name);
    if (values === undefined) continue; // smithy's SignedHeaders will then differ -> mismatch
    rebuiltHeaders[name] = values.map(trimAll).join(",");
  }
  const rebuiltQuery = { ...query };
  if (presigned) {
    for (const p of ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]) {
      delete rebuiltQuery[p];
    }
  }
  const hostHeader = firstHeader(headers, "host") ?? "";
  const rebuilt = new HttpRequest({
    method: request.method.toUpperCase(),
    protocol: "http:",
    hostname: hostHeader.replace(/:\d+$/, ""),
    path: isS3 ? s3CanonicalPath(rawPath) : rawPath,
    query: rebuiltQuery,
    headers: rebuiltHeaders,
    body: request.body && request.body.length ? request.body : undefined,
  });
  // S3 presigned URLs without a signed payload hash use UNSIGNED-PAYLOAD.
  if (presigned && isS3 && rebuiltHeaders["x-amz-content-sha256"] === undefined) {
    rebuilt.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
  }

  const tokenSigned = presigned ? tokenSent !== undefined : signedHeaders.includes("x-amz-security-token");
  const credentials = {
    accessKeyId: scope.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    ...(tokenSigned && tokenSent !== undefined ? { sessionToken: tokenSent } : {}),
  };
  const signer = new SignatureV4({
    credentials,
    region: scope.region,
    service: scope.service,
    sha256: Sha256,
    uriEscapePath: !isS3,
    applyChecksum: false,
  });
  const signableHeaders = new Set(signedHeaders);
  const unhoistable = new Set(Object.keys(rebuilt.headers));

  const expected = await recomputeWithBuildingBlocks(signer, rebuilt, {
    presigned,
    signingDate,
    longDate: amzDateText,
    scope,
    credentials,
    expiresIn,
    signableHeaders,
    unhoistable,
  });

  let expectedSignature;
  let expectedSignedHeaders;
  if (signableHeaders.has("date")) {
    // signRequest()/presign() would drop the signed Date header; use the building blocks.
    expectedSignature = expected.signature;
    expectedSignedHeaders = expected.signedHeaders;
  } else if (presigned) {
    const out = await signer.presign(rebuilt, {
      signingDate,
      expiresIn,
      signableHeaders,
      unsignableHeaders: new Set(["x-amz-content-sha256"].filter((h) => !signableHeaders.has(h))),
      unhoistableHeaders: unhoistable,
    });
    expectedSignature = out.query["X-Amz-Signature"];
    expectedSignedHeaders = out.query["X-Amz-SignedHeaders"];
  } else {
    const out = await signer.sign(rebuilt, { signingDate, signableHeaders });
    const m = /SignedHeaders=([^,]*), Signature=([0-9a-f]+)/.exec(out.headers.authorization);
    expectedSignedHeaders = m[1];
    expectedSignature = m[2];
  }

  const provided = Buffer.from(auth.signature.toLowerCase());
  const wanted = Buffer.from(expectedSignature);
  const signatureOk = provided.length === wanted.length && timingSafeEqual(provided, wanted);
  if (!signatureOk || expectedSignedHeaders !== signedHeaders.join(";")) {
    throw new VerifyError(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      {
        scope,
        canonicalRequest: expected.canonicalRequest,
        stringToSign: expected.stringToSign,
        signatureProvided: auth.signature,
        signatureExpected: expectedSignature,
        signedHeadersProvided: signedHeaders.join(";"),
        signedHeadersExpected: expectedSignedHeaders,
      },
    );
  }
  return {
    ok: true,
    accessKeyId: scope.accessKeyId,
    identity,
    scope,
    presigned,
    canonicalRequest: expected.canonicalRequest,
    stringToSign: expected.stringToSign,
    signature: expectedSignature,
  };
}

/**
 * The same computation as smithy's signRequest()/presign(), spelled out with smithy's own
 * building blocks so that the canonical request and string to sign can be logged, and so
 * that a signed Date header is kept.
 */
async function recomputeWithBuildingBlocks(signer, rebuilt, o) {
  let req;
  if (o.presigned) {
    req = moveHeadersToQuery(HttpRequest.clone(rebuilt), { unhoistableHeaders: o.unhoistable });
    if (o.credentials.sessionToken) req.query["X-Amz-Security-Token"] = o.credentials.sessionToken;
    req.query["X-Amz-Algorithm"] = AUTH_PREFIX;
    req.query["X-Amz-Credential"] = `${o.scope.accessKeyId}/${o.scope.date}/${o.scope.region}/${o.scope.service}/aws4_request`;
    req.query["X-Amz-Date"] = o.longDate;
    req.query["X-Amz-Expires"] = String(o.expiresIn);
  } else {
    req = o.signableHeaders.has("date") ? HttpRequest.clone(rebuilt) : prepareRequest(rebuilt);
    req.headers["x-amz-date"] = o.longDate;
    if (o.credentials.sessionToken) req.headers["x-amz-security-token"] = o.credentials.sessionToken;
  }
  const unsignable = new Set(["x-amz-content-sha256"].filter((h) => !o.signableHeaders.has(h)));
  const canonicalHeaders = getCanonicalHeaders(req, o.presigned ? unsignable : undefined, o.signableHeaders);
  const signedHeaders = Object.keys(canonicalHeaders).sort().join(";");
  if (o.presigned) req.query["X-Amz-SignedHeaders"] = signedHeaders;
  const payloadHash = (await getPayloadHash(o.presigned ? rebuilt : req, Sha256)) ?? EMPTY_SHA256;
  const canonicalRequest = signer.createCanonicalRequest(req, canonicalHeaders, payloadHash);
  const scopeText = `${o.scope.date}/${o.scope.region}/${o.scope.service}/aws4_request`;
  const stringToSign = await signer.createStringToSign(o.longDate, scopeText, canonicalRequest, AUTH_PREFIX);
  const signature = await signer.getSignature(
    o.longDate,
    scopeText,
    signer.getSigningKey(o.credentials, o.scope.region, o.scope.date, o.scope.service),
    canonicalRequest,
  );
  return { canonicalRequest, stringToSign, signature, signedHeaders };
}
