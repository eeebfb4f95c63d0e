// Conditional requests fauxqs leaves out, done in the front (as S3 does them):
// - HEAD with If-None-Match / If-Match / If-Modified-Since / If-Unmodified-Since: fauxqs
//   ignores them on HEAD (it honours them on GET).
// - A 304 from fauxqs has no ETag / Last-Modified; S3 sends both.
const CONDITIONAL = ["if-none-match", "if-match", "if-modified-since", "if-unmodified-since"];

function etagList(value) {
  return String(value)
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .filter(Boolean);
}

function etagMatches(header, etag) {
  const tags = etagList(header);
  return tags.includes("*") || tags.includes(etag);
}

/** S3's precedence: If-Match, If-Unmodified-Since (unless If-Match), If-None-Match, If-Modified-Since (unless If-None-Match). */
export function evaluateConditionals(reqHeaders, answer) {
  const get = (n) => reqHeaders.get(n)?.[0];
  const etag = answer.headers.etag;
  const lastModified = Date.parse(answer.headers["last-modified"] ?? "");
  const keep = { etag, "last-modified": answer.headers["last-modified"] };
  const notModified = { status: 304, headers: Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)), body: Buffer.alloc(0) };
  const failed = { status: 412, headers: { "content-type": "application/xml" }, body: Buffer.alloc(0) };
  const ifMatch = get("if-match");
  const ifUnmod = Date.parse(get("if-unmodified-since") ?? "");
  const ifNone = get("if-none-match");
  const ifMod = Date.parse(get("if-modified-since") ?? "");
  if (ifMatch !== undefined && etag !== undefined && !etagMatches(ifMatch, etag)) return failed;
  if (ifMatch === undefined && !Number.isNaN(ifUnmod) && !Number.isNaN(lastModified) && lastModified > ifUnmod) return failed;
  if (ifNone !== undefined && etag !== undefined && etagMatches(ifNone, etag)) return notModified;
  if (ifNone === undefined && !Number.isNaN(ifMod) && !Number.isNaN(lastModified) && lastModified <= ifMod) return notModified;
  return answer;
}

export function withoutConditionals(headers) {
  const out = { ...headers };
  for (const h of CONDITIONAL) delete out[h];
  return out;
}
