// Unsigned control API under /_stack/ on the front's port. JSON in, JSON out.
// See README.md "Control API" for the routes.
import http from "node:http";
import { TEST_IDENTITY, DOC_EXAMPLE_IDENTITY, ACCOUNT_ID } from "./identities.mjs";

const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

function reply(res, status, value) {
  const body = Buffer.from(JSON.stringify(value, null, 2) + "\n");
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length, date: new Date().toUTCString() });
  res.end(body);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_CONTROL_BODY_BYTES) {
        reject(new Error(`control request body larger than ${MAX_CONTROL_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8").trim();
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new Error(`control request body is not JSON: ${e.message}`));
      }
    });
    req.on("error", reject);
  });
}

function ping(port, method, path, headers = {}, body) {
  return new Promise((resolve) => {
    const r = http.request({ host: "127.0.0.1", port, method, path, headers, timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(true));
    });
    r.on("timeout", () => r.destroy());
    r.on("error", () => resolve(false));
    r.end(body);
  });
}

/** Handles one /_stack/... request. state: { identities, faults, counters, ec2, cloudwatch, imds, ports }. */
export async function handleControl(req, res, state) {
  const url = new URL(req.url, "http://localhost");
  const parts = url.pathname.replace(/\/+$/, "").split("/").slice(2); // after "/_stack"
  const route = `${req.method} /${parts.join("/")}`;
  let body;
  try {
    body = await readJson(req);
  } catch (e) {
    return reply(res, 400, { error: e.message });
  }
  const { faults, counters, ec2, cloudwatch, logs, imds } = state;
  try {
    switch (true) {
      case route === "GET /health" || route === "GET /": {
        const [fauxqs, localSqs] = await Promise.all([
          ping(state.fauxqsPort, "GET", "/health"),
          ping(state.localSqsPort, "POST", "/", { "content-type": "application/x-www-form-urlencoded" }, "Action=ListQueues"),
        ]);
        const ok = fauxqs && localSqs;
        return reply(res, ok ? 200 : 503, { ok, front: true, imds: state.ports.imds !== undefined, fauxqs, localSqs });
      }
      case route === "GET /info":
        return reply(res, 200, {
          ports: state.ports,
          accountId: ACCOUNT_ID,
          identities: {
            test: { accessKeyId: TEST_IDENTITY.accessKeyId, arn: TEST_IDENTITY.arn },
            docExample: { accessKeyId: DOC_EXAMPLE_IDENTITY.accessKeyId, arn: DOC_EXAMPLE_IDENTITY.arn },
            imdsRole: imds.describe(),
          },
          routing: {
            "sqs (Query protocol)": "local-aws-sqs",
            "sqs (JSON protocol)": "fauxqs",
            sns: "fauxqs",
            s3: "fauxqs",
            ec2: "front (DescribeInstances fake)",
            sts: "front (GetCallerIdentity fake)",
            logs: "front (CloudWatch Logs fake)",
          },
        });
      case route === "GET /counts":
        return reply(res, 200, counters.snapshot());
      case route === "POST /counts/reset":
        counters.reset();
        return reply(res, 200, counters.snapshot());
      case route === "GET /rejections":
        return reply(res, 200, counters.rejections());
      case route === "GET /faults":
        return reply(res, 200, faults.list());
      case route === "POST /faults": {
        const specs = Array.isArray(body) ? body : [body];
        const added = specs.map((s) => faults.add(s));
        return reply(res, 201, Array.isArray(body) ? added : added[0]);
      }
      case route === "DELETE /faults":
        faults.clear();
        return reply(res, 200, []);
      case parts[0] === "faults" && parts.length === 2 && req.method === "DELETE":
        return faults.remove(parts[1]) ? reply(res, 200, faults.list()) : reply(res, 404, { error: `no fault ${parts[1]}` });
      case route === "GET /clock": {
        const skew = faults.list().find((f) => f.kind === "skew");
        return reply(res, 200, { now: new Date().toISOString(), skewSeconds: skew?.seconds ?? 0, skewService: skew?.service ?? null });
      }
      case route === "GET /ec2/instances":
        return reply(res, 200, ec2.list());
      case route === "POST /ec2/instances": {
        const specs = Array.isArray(body) ? body : [body ?? {}];
        const added = specs.map((s) => ec2.add(s));
        return reply(res, 201, Array.isArray(body) ? added : added[0]);
      }
      case route === "DELETE /ec2/instances":
        ec2.clear();
        return reply(res, 200, []);
      case parts[0] === "ec2" && parts[1] === "instances" && parts.length === 3: {
        const id = parts[2];
        if (req.method === "GET") return ec2.get(id) ? reply(res, 200, ec2.get(id)) : reply(res, 404, { error: `no instance ${id}` });
        if (req.method === "DELETE") return ec2.remove(id) ? reply(res, 200, ec2.list()) : reply(res, 404, { error: `no instance ${id}` });
        break;
      }
      case parts[0] === "ec2" && parts[1] === "instances" && parts.length === 4 && req.method === "POST": {
        const [, , id, verb] = parts;
        if (!ec2.get(id)) return reply(res, 404, { error: `no instance ${id}` });
        if (verb === "state") return reply(res, 200, ec2.setState(id, body?.name));
        if (verb === "tags") return reply(res, 200, ec2.setTags(id, body));
        return reply(res, 200, ec2.apply(id, verb));
      }
      case route === "GET /cloudwatch/metrics":
        return reply(res, 200, cloudwatch.list(url.searchParams.get("namespace") ?? undefined));
      case route === "DELETE /cloudwatch/metrics":
        cloudwatch.clear();
        return reply(res, 200, cloudwatch.list());
      case route === "GET /logs":
        return reply(res, 200, logs.summary());
      case route === "DELETE /logs":
        logs.clear();
        return reply(res, 200, logs.summary());
      case route === "GET /imds":
        return reply(res, 200, imds.describe());
      case route === "POST /imds":
        return reply(res, 200, imds.update(body ?? {}));
      case route === "POST /imds/rotate-credentials":
        return reply(res, 200, imds.rotateCredentials());
      case route === "POST /reset":
        counters.reset();
        faults.clear();
        ec2.clear();
        cloudwatch.clear();
        logs.clear();
        imds.reset();
        return reply(res, 200, { ok: true });
      default:
        break;
    }
    return reply(res, 404, { error: `no control route ${route}; see tests/aws-stack/README.md` });
  } catch (e) {
    return reply(res, 400, { error: e.message });
  }
}
