// IMDSv2 fake (unsigned; own port). Session tokens from PUT /latest/api/token are required
// on every GET, as on an instance with HttpTokens=required.
import { randomBytes } from "node:crypto";
import { ACCOUNT_ID, sessionCredentials } from "./identities.mjs";

const MAX_TOKENS = 1000;
const MIN_TTL_S = 1;
const MAX_TTL_S = 21600;
const MAX_CREDENTIAL_TTL_S = 7 * 24 * 3600;

function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const IMDS_DEFAULTS = Object.freeze({
  instanceId: "i-0123456789abcdef0",
  region: "us-east-1",
  availabilityZone: "us-east-1a",
  instanceType: "t3.micro",
  imageId: "ami-0abcdef1234567890",
  privateIp: "10.0.0.10",
  role: "niam-instance-role",
  credentialsTtlSeconds: 6 * 3600,
});

export class ImdsFake {
  #tokens = new Map(); // token -> expiresAt ms
  #settings = { ...IMDS_DEFAULTS };
  #credNumber = 0;
  #creds;
  #pendingTime = Date.now();

  constructor({ identities, faults, counters }) {
    this.identities = identities;
    this.faults = faults;
    this.counters = counters;
    this.#issueCredentials();
  }

  #issueCredentials() {
    this.#credNumber += 1;
    const now = Date.now();
    const c = sessionCredentials(this.#credNumber, this.#settings.role ?? "none", this.#settings.instanceId, now + this.#settings.credentialsTtlSeconds * 1000);
    c.lastUpdated = now;
    this.#creds = c;
    this.identities.addSession(c);
  }

  reset() {
    this.#tokens.clear();
    this.#settings = { ...IMDS_DEFAULTS };
    this.#credNumber = 0;
    this.identities.clearSessions();
    this.#issueCredentials();
  }

  /** Current settings plus the access key id now served (no secret). */
  describe() {
    return { ...this.#settings, accessKeyId: this.#creds.accessKeyId, credentialsExpiration: isoSeconds(this.#creds.expiresAt) };
  }

  /** Changes settings; a role or TTL change issues new credentials. Throws Error(message) on bad input. */
  update(spec) {
    const allowed = Object.keys(IMDS_DEFAULTS);
    for (const k of Object.keys(spec ?? {})) {
      if (!allowed.includes(k)) throw new Error(`unknown IMDS setting '${k}'; expected one of ${allowed.join(", ")}`);
    }
    if (spec.credentialsTtlSeconds !== undefined) {
      const t = spec.credentialsTtlSeconds;
      if (!Number.isInteger(t) || t < 1 || t > MAX_CREDENTIAL_TTL_S) throw new Error(`credentialsTtlSeconds must be 1..${MAX_CREDENTIAL_TTL_S}`);
    }
    if (spec.role !== undefined && spec.role !== null && !/^[\w+=,.@-]{1,64}$/.test(spec.role)) throw new Error("role must be an IAM role name or null");
    Object.assign(this.#settings, spec);
    if (spec.region !== undefined && spec.availabilityZone === undefined) this.#settings.availabilityZone = `${spec.region}a`;
    if (spec.role !== undefined || spec.credentialsTtlSeconds !== undefined || spec.instanceId !== undefined) this.#issueCredentials();
    return this.describe();
  }

  rotateCredentials() {
    this.#issueCredentials();
    return this.describe();
  }

  #count(action) {
    this.counters.request("imds", action);
  }

  #send(res, status, body, contentType = "text/plain") {
    const buf = Buffer.from(body);
    res.writeHead(status, { "content-type": contentType, "content-length": buf.length, server: "EC2ws", date: new Date().toUTCString() });
    res.end(buf);
  }

  #notFound(res) {
    this.#send(
      res,
      404,
      '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html>\n<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>\n',
      "text/html",
    );
  }

  #validToken(req) {
    const token = req.headers["x-aws-ec2-metadata-token"];
    if (typeof token !== "string") return false;
    const exp = this.#tokens.get(token);
    if (exp === undefined) return false;
    if (Date.now() >= exp) {
      this.#tokens.delete(token);
      return false;
    }
    return true;
  }

  /** node:http request handler */
  handle(req, res) {
    const url = new URL(req.url, "http://169.254.169.254");
    const path = url.pathname;
    const action = req.method === "PUT" && path === "/latest/api/token" ? "PutToken" : `${req.method} ${path}`;
    this.#count(action);
    if (this.faults.isDown("imds", action)) {
      this.counters.faulted("imds", action);
      req.socket.destroy();
      return;
    }
    const fault = this.faults.take("imds", action);
    if (fault) this.counters.faulted("imds", action);
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    const go = () => {
      if (fault && (fault.kind === "500" || fault.kind === "503" || fault.kind === "throttle")) {
        const status = fault.kind === "500" ? 500 : fault.kind === "503" ? 503 : 429;
        return this.#send(res, status, `${status}\n`);
      }
      this.#route(req, res, path, fault?.kind === "malformed");
    };
    req.resume();
    req.on("end", () => (fault?.kind === "delay" ? setTimeout(go, fault.ms) : go()));
  }

  #route(req, res, path, malformed) {
    if (path === "/latest/api/token") {
      if (req.method !== "PUT") return this.#send(res, 405, "Method Not Allowed\n");
      if (req.headers["x-forwarded-for"] !== undefined) return this.#send(res, 403, "Forbidden\n");
      const ttlText = req.headers["x-aws-ec2-metadata-token-ttl-seconds"];
      const ttl = Number(ttlText);
      if (ttlText === undefined || !Number.isInteger(ttl) || ttl < MIN_TTL_S || ttl > MAX_TTL_S) return this.#send(res, 400, "Bad Request\n");
      const token = randomBytes(42).toString("base64");
      this.#tokens.set(token, Date.now() + ttl * 1000);
      if (this.#tokens.size > MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value);
      const buf = Buffer.from(token);
      res.writeHead(200, {
        "content-type": "text/plain",
        "content-length": buf.length,
        "x-aws-ec2-metadata-token-ttl-seconds": String(ttl),
        server: "EC2ws",
        date: new Date().toUTCString(),
      });
      return res.end(buf);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return this.#send(res, 405, "Method Not Allowed\n");
    if (!this.#validToken(req)) return this.#send(res, 401, "Unauthorized\n");
    const body = this.#metadata(path);
    if (body === undefined) return this.#notFound(res);
    let out = body.text;
    if (malformed) out = out.slice(0, Math.max(1, Math.floor(out.length / 2)));
    this.#send(res, 200, out, body.type ?? "text/plain");
  }

  #metadata(path) {
    const s = this.#settings;
    const json = (o) => ({ text: JSON.stringify(o, null, 2), type: "text/plain" });
    const roleCreds = () => {
      // Like IMDS, hand out new credentials well before the old ones expire (the old ones
      // stay valid until their own Expiration).
      const ttlMs = this.#settings.credentialsTtlSeconds * 1000;
      if (Date.now() >= this.#creds.expiresAt - Math.min(300_000, ttlMs / 2)) this.#issueCredentials();
      const c = this.#creds;
      return json({
        Code: "Success",
        LastUpdated: isoSeconds(c.lastUpdated),
        Type: "AWS-HMAC",
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: isoSeconds(c.expiresAt),
      });
    };
    const table = {
      "/latest/meta-data/": { text: ["ami-id", "iam/", "instance-id", "instance-type", "local-ipv4", "placement/"].join("\n") },
      "/latest/meta-data/ami-id": { text: s.imageId },
      "/latest/meta-data/instance-id": { text: s.instanceId },
      "/latest/meta-data/instance-type": { text: s.instanceType },
      "/latest/meta-data/local-ipv4": { text: s.privateIp },
      "/latest/meta-data/placement/": { text: "availability-zone\nregion" },
      "/latest/meta-data/placement/availability-zone": { text: s.availabilityZone },
      "/latest/meta-data/placement/region": { text: s.region },
      "/latest/dynamic/instance-identity/document": json({
        accountId: ACCOUNT_ID,
        architecture: "x86_64",
        availabilityZone: s.availabilityZone,
        billingProducts: null,
        devpayProductCodes: null,
        marketplaceProductCodes: null,
        imageId: s.imageId,
        instanceId: s.instanceId,
        instanceType: s.instanceType,
        kernelId: null,
        pendingTime: isoSeconds(this.#pendingTime),
        privateIp: s.privateIp,
        ramdiskId: null,
        region: s.region,
        version: "2017-09-30",
      }),
    };
    if (s.role) {
      table["/latest/meta-data/iam/"] = { text: "info\nsecurity-credentials/" };
      table["/latest/meta-data/iam/info"] = json({
        Code: "Success",
        LastUpdated: isoSeconds(this.#creds.lastUpdated),
        InstanceProfileArn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/${s.role}`,
        InstanceProfileId: "AIPANIAMPROFILEEXAMPL",
      });
      table["/latest/meta-data/iam/security-credentials/"] = { text: s.role };
      table["/latest/meta-data/iam/security-credentials"] = { text: s.role };
      if (path === `/latest/meta-data/iam/security-credentials/${s.role}`) return roleCreds();
    }
    return table[path];
  }
}
