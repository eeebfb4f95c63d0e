// Forwarding verified requests to the npm backends (fauxqs, local-aws-sqs) and rewriting
// the queue URLs they answer with so that clients keep talking to the front.
import http from "node:http";

export const MAX_BACKEND_RESPONSE_BYTES = 64 * 1024 * 1024;
const BACKEND_TIMEOUT_MS = 90_000; // longer than the longest SQS long poll (20 s)
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect", "content-length"]);

/**
 * fauxqs runs with this `host` option, so its queue URLs are http://sqs.<region>.niam-stack.internal/<account>/<name>
 * whatever Host the client used (the front sends this name, without a port, as Host).
 */
export const FAUXQS_HOST = "niam-stack.internal";
export const FAUXQS_QUEUE_ORIGIN = /http:\/\/sqs\.[a-z0-9-]+\.niam-stack\.internal/g;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** [[name, value], ...] -> { lower-name: value } without hop-by-hop headers. */
export function forwardableHeaders(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    const k = name.toLowerCase();
    if (HOP_BY_HOP.has(k)) continue;
    out[k] = out[k] === undefined ? value : `${out[k]}, ${value}`;
  }
  return out;
}

/**
 * Sends one request to a backend on 127.0.0.1 and buffers the answer.
 * @returns Promise<{ status, headers, body: Buffer }>; rejects on connection errors.
 */
export function forward(port, { method, path, headers, body }, clientRes) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body?.length || !["GET", "HEAD", "DELETE", "OPTIONS"].includes(method)) h["content-length"] = String(body?.length ?? 0);
    const up = http.request({ host: "127.0.0.1", port, method, path, headers: h, agent, timeout: BACKEND_TIMEOUT_MS }, (r) => {
      const chunks = [];
      let size = 0;
      r.on("data", (c) => {
        size += c.length;
        if (size > MAX_BACKEND_RESPONSE_BYTES) {
          r.destroy(new Error(`backend answer larger than ${MAX_BACKEND_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(c);
      });
      r.on("end", () => {
        const headersOut = {};
        for (let i = 0; i < r.rawHeaders.length; i += 2) {
          const k = r.rawHeaders[i].toLowerCase();
          if (k === "date" || (HOP_BY_HOP.has(k) && !(k === "content-length" && method === "HEAD"))) continue;
          headersOut[k] = headersOut[k] === undefined ? r.rawHeaders[i + 1] : `${headersOut[k]}, ${r.rawHeaders[i + 1]}`;
        }
        resolve({ status: r.statusCode, headers: headersOut, body: Buffer.concat(chunks) });
      });
      r.on("error", reject);
    });
    up.on("timeout", () => up.destroy(new Error("backend timed out")));
    up.on("error", reject);
    clientRes?.on("close", () => {
      if (!clientRes.writableFinished) up.destroy();
    });
    up.end(body?.length ? body : undefined);
  });
}

/** Replaces backend origins (strings or global RegExps) in a text answer with the origin the client used. */
export function rewriteOrigins(answer, origins, clientOrigin) {
  const ct = String(answer.headers["content-type"] ?? "");
  if (!/xml|json/i.test(ct) || !answer.body.length) return answer;
  const before = answer.body.toString("utf8");
  let text = before;
  for (const o of origins) text = typeof o === "string" ? text.split(o).join(clientOrigin) : text.replace(o, clientOrigin);
  return text === before ? answer : { ...answer, body: Buffer.from(text, "utf8") };
}
