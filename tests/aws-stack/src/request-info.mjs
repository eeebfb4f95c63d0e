// Classifies a received request: which service (from the SigV4 credential scope), which
// action (X-Amz-Target, the Action= parameter, or the S3 method and resource kind), and
// which wire protocol.
import { splitTarget, parseQuery, headerMap, peekScope, percentDecode } from "./sigv4-verifier.mjs";
import { protocolOf } from "./aws-errors.mjs";

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** The bucket named by a virtual-hosted-style Host header, as fauxqs reads it (first label of a dotted, non-IP host). */
export function virtualHostBucket(host) {
  const hostname = (host ?? "").replace(/:\d+$/, "");
  if (!hostname.includes(".") || IPV4.test(hostname)) return undefined;
  const first = hostname.slice(0, hostname.indexOf("."));
  return first === "s3" ? undefined : first;
}

/** "GET /bucket/key?x" -> S3 operation name. */
export function s3Action(method, path, query, host) {
  const vhBucket = virtualHostBucket(host);
  const segs = path.split("/").filter((s, i) => i > 0);
  const bucket = vhBucket ?? (segs[0] ? percentDecode(segs[0]) : "");
  const key = (vhBucket ? segs : segs.slice(1)).join("/");
  const has = (k) => Object.prototype.hasOwnProperty.call(query, k);
  const m = method.toUpperCase();
  if (!bucket) return m === "GET" ? "ListBuckets" : `${m}Service`;
  if (!key) {
    if (m === "GET") {
      if (has("location")) return "GetBucketLocation";
      if (has("versions")) return "ListObjectVersions";
      if (has("uploads")) return "ListMultipartUploads";
      return query["list-type"] === "2" ? "ListObjectsV2" : "ListObjects";
    }
    if (m === "PUT") return "CreateBucket";
    if (m === "HEAD") return "HeadBucket";
    if (m === "DELETE") return "DeleteBucket";
    if (m === "POST" && has("delete")) return "DeleteObjects";
    return `${m}Bucket`;
  }
  if (m === "GET") return has("uploadId") ? "ListParts" : "GetObject";
  if (m === "HEAD") return "HeadObject";
  if (m === "PUT") return has("uploadId") ? "UploadPart" : "PutObject";
  if (m === "DELETE") return has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (m === "POST") {
    if (has("uploads")) return "CreateMultipartUpload";
    if (has("uploadId")) return "CompleteMultipartUpload";
    return "PostObject";
  }
  return `${m}Object`;
}

function formParams(headers, body) {
  const ct = (headers.get("content-type") ?? [""])[0].toLowerCase();
  if (!ct.includes("application/x-www-form-urlencoded") || !body?.length) return {};
  const out = {};
  for (const [k, v] of new URLSearchParams(body.toString("utf8"))) out[k] = v;
  return out;
}

/**
 * @param request { method, target, headers: [[n,v]...], body: Buffer }
 * @returns { service, region, signed, protocol, action, form, query, path, headers(Map) }
 */
export function classify(request) {
  const headers = headerMap(request.headers);
  const scope = peekScope(request);
  const { path, rawQuery } = splitTarget(request.target);
  let query = {};
  try {
    query = parseQuery(rawQuery);
  } catch {
    query = {};
  }
  const form = formParams(headers, request.body);
  const service = scope?.service ?? (scope?.kind === "malformed" ? "malformed" : "unsigned");
  const protocol = protocolOf(service, headers);
  let action;
  const target = headers.get("x-amz-target")?.[0];
  if (target) {
    action = target.slice(target.lastIndexOf(".") + 1);
  } else if (form.Action || query.Action) {
    action = form.Action ?? query.Action;
  } else if (service === "s3") {
    action = s3Action(request.method, path, query, headers.get("host")?.[0]);
  } else {
    action = `${request.method.toUpperCase()} ${path}`;
  }
  return {
    service,
    region: scope?.region,
    signed: scope !== undefined && scope.kind !== "malformed",
    protocol,
    action: String(action),
    form,
    query,
    path,
    headers,
  };
}
