// EC2 fake: DescribeInstances over the EC2 Query protocol (API version 2016-11-15), with
// a set of instances that tests change through the control API.
import { randomBytes } from "node:crypto";
import { xmlEscape, newRequestId } from "./aws-errors.mjs";
import { ACCOUNT_ID } from "./identities.mjs";

export const STATES = Object.freeze({
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
});
const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const MAX_INSTANCES = 10000;
const MIN_MAX_RESULTS = 5;
const MAX_MAX_RESULTS = 1000;
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

class Ec2Error extends Error {
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

function hex(n) {
  return randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
}

function globToRegExp(glob) {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`);
}

export class Ec2Instances {
  #instances = new Map(); // insertion order is the listing order

  clear() {
    this.#instances.clear();
  }

  list() {
    return [...this.#instances.values()].map((i) => structuredClone(i));
  }

  get(id) {
    const i = this.#instances.get(id);
    return i ? structuredClone(i) : undefined;
  }

  /** Adds an instance from a control-API spec; returns it. Throws Error(message) on bad input. */
  add(spec = {}) {
    if (this.#instances.size >= MAX_INSTANCES) throw new Error(`at most ${MAX_INSTANCES} instances`);
    const instanceId = spec.instanceId ?? `i-${hex(17)}`;
    if (!INSTANCE_ID.test(instanceId)) throw new Error(`instanceId '${instanceId}' is not i- followed by 8 or 17 hex digits`);
    if (this.#instances.has(instanceId)) throw new Error(`instance ${instanceId} already exists`);
    const state = spec.state ?? "running";
    if (!(state in STATES)) throw new Error(`state '${state}' is not one of ${Object.keys(STATES).join(", ")}`);
    const region = spec.region ?? "us-east-1";
    const n = this.#instances.size + 10;
    const tags = spec.tags ?? {};
    if (typeof tags !== "object" || Array.isArray(tags)) throw new Error("tags must be an object {key: value}");
    const inst = {
      instanceId,
      region,
      state,
      reservationId: spec.reservationId ?? `r-${hex(17)}`,
      imageId: spec.imageId ?? "ami-0abcdef1234567890",
      instanceType: spec.instanceType ?? "t3.micro",
      availabilityZone: spec.availabilityZone ?? `${region}a`,
      privateIpAddress: spec.privateIpAddress ?? `10.0.${Math.floor(n / 250)}.${(n % 250) + 4}`,
      ipAddress: spec.ipAddress ?? null,
      launchTime: spec.launchTime ?? new Date().toISOString().replace(/\.\d{3}Z$/, ".000Z"),
      tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [String(k), String(v)])),
      stateReason: null,
    };
    this.#instances.set(instanceId, inst);
    return structuredClone(inst);
  }

  remove(id) {
    return this.#instances.delete(id);
  }

  /** Sets the state (one of STATES); returns the instance or throws. */
  setState(id, state) {
    const inst = this.#instances.get(id);
    if (!inst) throw new Error(`no instance ${id}`);
    if (!(state in STATES)) throw new Error(`state '${state}' is not one of ${Object.keys(STATES).join(", ")}`);
    if (inst.state === "terminated" && state !== "terminated") throw new Error(`instance ${id} is terminated`);
    inst.state = state;
    const stamp = new Date().toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " GMT");
    inst.stateReason = state === "stopped" || state === "stopping" ? `User initiated (${stamp})` : state === "terminated" || state === "shutting-down" ? `User initiated (${stamp})` : null;
    return structuredClone(inst);
  }

  /** control verbs: start -> running, stop -> stopped, terminate -> terminated, reboot -> running */
  apply(id, verb) {
    const target = { start: "running", stop: "stopped", terminate: "terminated", reboot: "running" }[verb];
    if (!target) throw new Error(`unknown verb '${verb}'; expected start, stop, terminate or reboot`);
    return this.setState(id, target);
  }

  setTags(id, tags) {
    const inst = this.#instances.get(id);
    if (!inst) throw new Error(`no instance ${id}`);
    for (const [k, v] of Object.entries(tags ?? {})) {
      if (v === null) delete inst.tags[k];
      else inst.tags[String(k)] = String(v);
    }
    return structuredClone(inst);
  }

  /**
   * Answers one EC2 Query request. params: decoded form/query parameters; region: from
   * the credential scope. Returns { status, headers, body }.
   */
  handle(params, region) {
    const requestId = newRequestId();
    try {
      if (!params.Action) throw new Ec2Error("MissingAction", "The request must contain the parameter Action");
      if (params.Action !== "DescribeInstances") {
        throw new Ec2Error("InvalidAction", `The action ${params.Action} is not valid for this web service.`);
      }
      return this.#describeInstances(params, region, requestId);
    } catch (e) {
      if (!(e instanceof Ec2Error)) throw e;
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(e.code)}</Code>` +
        `<Message>${xmlEscape(e.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
      return { status: e.status, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: Buffer.from(body) };
    }
  }

  #describeInstances(params, region, requestId) {
    const ids = indexedList(params, "InstanceId");
    const filters = [];
    for (const n of indexes(params, /^Filter\.(\d+)\.Name$/)) {
      const name = params[`Filter.${n}.Name`];
      const values = indexedList(params, `Filter.${n}.Value`);
      if (!values.length) throw new Ec2Error("InvalidParameterValue", `The filter '${name}' has no values`);
      filters.push({ name, values: values.map(globToRegExp) });
    }
    let maxResults;
    if (params.MaxResults !== undefined) {
      if (ids.length) {
        throw new Ec2Error("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
      }
      maxResults = Number(params.MaxResults);
      if (!Number.isInteger(maxResults) || maxResults < MIN_MAX_RESULTS || maxResults > MAX_MAX_RESULTS) {
        throw new Ec2Error(
          "InvalidParameterValue",
          `Value ( ${params.MaxResults} ) for parameter maxResults is invalid. Expecting a value between ${MIN_MAX_RESULTS} and ${MAX_MAX_RESULTS}.`,
        );
      }
    }
    for (const id of ids) {
      if (!INSTANCE_ID.test(id)) throw new Ec2Error("InvalidInstanceID.Malformed", `Invalid id: "${id}"`);
    }
    const inRegion = [...this.#instances.values()].filter((i) => i.region === region);
    const missing = ids.filter((id) => !inRegion.some((i) => i.instanceId === id));
    if (missing.length) {
      throw new Ec2Error(
        "InvalidInstanceID.NotFound",
        missing.length === 1 ? `The instance ID '${missing[0]}' does not exist` : `The instance IDs '${missing.join(", ")}' do not exist`,
      );
    }
    let selected = ids.length ? inRegion.filter((i) => ids.includes(i.instanceId)) : inRegion;
    for (const f of filters) selected = selected.filter((i) => filterMatches(i, f));

    let offset = 0;
    if (params.NextToken !== undefined) {
      offset = decodeToken(params.NextToken);
      if (offset === undefined) throw new Ec2Error("InvalidParameterValue", "Invalid value for nextToken");
    }
    const page = maxResults ? selected.slice(offset, offset + maxResults) : selected.slice(offset);
    const next = maxResults && offset + maxResults < selected.length ? encodeToken(offset + maxResults) : undefined;
    const body = renderDescribeInstances(page, requestId, next);
    return { status: 200, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: Buffer.from(body) };
  }
}

function indexes(params, re) {
  return Object.keys(params)
    .map((k) => re.exec(k)?.[1])
    .filter((x) => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function indexedList(params, prefix) {
  const esc = prefix.replace(/\./g, "\\.");
  return indexes(params, new RegExp(`^${esc}\\.(\\d+)$`)).map((n) => params[`${prefix}.${n}`]);
}

function filterMatches(inst, { name, values }) {
  const any = (candidates) => candidates.some((c) => c !== null && c !== undefined && values.some((re) => re.test(String(c))));
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return key in inst.tags && any([inst.tags[key]]);
  }
  switch (name) {
    case "instance-id":
      return any([inst.instanceId]);
    case "instance-state-name":
      return any([inst.state]);
    case "instance-state-code":
      return any([STATES[inst.state]]);
    case "tag-key":
      return any(Object.keys(inst.tags));
    case "tag-value":
      return any(Object.values(inst.tags));
    case "private-ip-address":
      return any([inst.privateIpAddress]);
    case "ip-address":
      return any([inst.ipAddress]);
    case "instance-type":
      return any([inst.instanceType]);
    case "availability-zone":
      return any([inst.availabilityZone]);
    case "image-id":
      return any([inst.imageId]);
    case "reservation-id":
      return any([inst.reservationId]);
    default:
      throw new Ec2Error("InvalidParameterValue", `The filter '${name}' is invalid`);
  }
}

function encodeToken(offset) {
  return Buffer.from(JSON.stringify({ v: 1, offset })).toString("base64url");
}

function decodeToken(token) {
  try {
    const o = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return o.v === 1 && Number.isInteger(o.offset) && o.offset >= 0 ? o.offset : undefined;
  } catch {
    return undefined;
  }
}

function renderInstance(i) {
  const gone = i.state === "terminated";
  const noPublic = gone || i.state === "stopped" || i.state === "stopping" || i.state === "shutting-down";
  const privateDns = gone ? "" : `ip-${i.privateIpAddress.replace(/\./g, "-")}.ec2.internal`;
  const tags = Object.entries(i.tags);
  const x = xmlEscape;
  return [
    "<item>",
    `<instanceId>${x(i.instanceId)}</instanceId>`,
    `<imageId>${x(i.imageId)}</imageId>`,
    `<instanceState><code>${STATES[i.state]}</code><name>${i.state}</name></instanceState>`,
    privateDns ? `<privateDnsName>${privateDns}</privateDnsName>` : "<privateDnsName/>",
    "<dnsName/>",
    i.stateReason ? `<reason>${x(i.stateReason)}</reason>` : "<reason/>",
    "<amiLaunchIndex>0</amiLaunchIndex>",
    "<productCodes/>",
    `<instanceType>${x(i.instanceType)}</instanceType>`,
    `<launchTime>${x(i.launchTime)}</launchTime>`,
    `<placement><availabilityZone>${x(i.availabilityZone)}</availabilityZone><groupName/><tenancy>default</tenancy></placement>`,
    "<monitoring><state>disabled</state></monitoring>",
    gone ? "" : `<privateIpAddress>${x(i.privateIpAddress)}</privateIpAddress>`,
    !noPublic && i.ipAddress ? `<ipAddress>${x(i.ipAddress)}</ipAddress>` : "",
    "<architecture>x86_64</architecture>",
    "<rootDeviceType>ebs</rootDeviceType>",
    "<rootDeviceName>/dev/xvda</rootDeviceName>",
    "<virtualizationType>hvm</virtualizationType>",
    tags.length
      ? `<tagSet>${tags.map(([k, v]) => `<item><key>${x(k)}</key><value>${x(v)}</value></item>`).join("")}</tagSet>`
      : "",
    "<hypervisor>xen</hypervisor>",
    "</item>",
  ]
    .filter(Boolean)
    .join("");
}

function renderDescribeInstances(instances, requestId, nextToken) {
  // One reservation per reservationId, in the order instances appear on the page.
  const reservations = new Map();
  for (const i of instances) {
    if (!reservations.has(i.reservationId)) reservations.set(i.reservationId, []);
    reservations.get(i.reservationId).push(i);
  }
  const items = [...reservations.entries()]
    .map(
      ([rid, list]) =>
        `<item><reservationId>${xmlEscape(rid)}</reservationId><ownerId>${ACCOUNT_ID}</ownerId><groupSet/>` +
        `<instancesSet>${list.map(renderInstance).join("")}</instancesSet></item>`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="${EC2_NS}">` +
    `<requestId>${requestId}</requestId>` +
    (items ? `<reservationSet>${items}</reservationSet>` : "<reservationSet/>") +
    (nextToken ? `<nextToken>${nextToken}</nextToken>` : "") +
    "</DescribeInstancesResponse>"
  );
}
