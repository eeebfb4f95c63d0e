// CloudWatch fake: PutMetricData over the Query protocol (service "monitoring"), checked as
// the API reference describes it, storing what it accepted so tests can read it back through
// the control API (GET /_stack/cloudwatch/metrics).
import { newRequestId, renderError } from "./aws-errors.mjs";

const CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
export const MAX_PUT_METRIC_DATA_BYTES = 1024 * 1024; // "Each PutMetricData request is limited to 1 MB"
const MAX_METRIC_DATA = 1000;
const MAX_DIMENSIONS = 30;
const MAX_VALUES = 150;
const MAX_STORED = 100000; // data kept for tests; older ones are dropped and counted
const UNITS = new Set([
  "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
  "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
  "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
  "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
]);
const LIMIT = 2 ** 360;

class CloudWatchError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const invalid = (message) => new CloudWatchError(400, "InvalidParameterValue", message);
const missing = (name) => new CloudWatchError(400, "MissingParameter", `The parameter ${name} is required.`);

// "N.member.M.X" lists: the members 1..count of `prefix` in params, in order, with no gaps.
function members(params, prefix) {
  const found = new Set();
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.member\\.(\\d+)(\\.|$)`);
  for (const key of Object.keys(params)) {
    const m = re.exec(key);
    if (m) found.add(Number(m[1]));
  }
  const sorted = [...found].sort((a, b) => a - b);
  sorted.forEach((n, i) => {
    if (n !== i + 1) throw invalid(`The collection ${prefix} has no member ${i + 1}.`);
  });
  return sorted.length;
}

function number(params, name) {
  const text = params[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || Math.abs(value) > LIMIT || (value !== 0 && Math.abs(value) < 1 / LIMIT)) {
    throw invalid(`The value ${text} for parameter ${name} is invalid.`);
  }
  return value;
}

function readDatum(params, n) {
  const p = `MetricData.member.${n}`;
  const metricName = params[`${p}.MetricName`];
  if (!metricName) throw missing(`${p}.MetricName`);
  if (metricName.length > 255) throw invalid(`The parameter ${p}.MetricName must be shorter than 256 characters.`);
  const dimensionCount = members(params, `${p}.Dimensions`);
  if (dimensionCount > MAX_DIMENSIONS) {
    throw invalid(`The collection ${p}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`);
  }
  const dimensions = [];
  for (let d = 1; d <= dimensionCount; d++) {
    const name = params[`${p}.Dimensions.member.${d}.Name`];
    const value = params[`${p}.Dimensions.member.${d}.Value`];
    if (!name) throw missing(`${p}.Dimensions.member.${d}.Name`);
    if (!value) throw missing(`${p}.Dimensions.member.${d}.Value`);
    dimensions.push({ Name: name, Value: value });
  }
  const datum = { MetricName: metricName, Dimensions: dimensions };
  const value = number(params, `${p}.Value`);
  const valueCount = members(params, `${p}.Values`);
  const countCount = members(params, `${p}.Counts`);
  const hasStats = Object.keys(params).some((k) => k.startsWith(`${p}.StatisticValues.`));
  const kinds = (value !== undefined ? 1 : 0) + (valueCount > 0 ? 1 : 0) + (hasStats ? 1 : 0);
  if (kinds > 1) {
    throw new CloudWatchError(400, "InvalidParameterCombination",
      `The parameters ${p}.Value, ${p}.Values and ${p}.StatisticValues are mutually exclusive.`);
  }
  if (kinds === 0) throw missing(`${p}.Value`);
  if (value !== undefined) datum.Value = value;
  if (valueCount > MAX_VALUES) throw invalid(`The collection ${p}.Values must not have a size greater than ${MAX_VALUES}.`);
  if (valueCount > 0) datum.Values = Array.from({ length: valueCount }, (_, i) => number(params, `${p}.Values.member.${i + 1}`));
  if (countCount > 0) {
    if (countCount !== valueCount) {
      throw invalid(`The parameters ${p}.Values and ${p}.Counts must be of the same size.`);
    }
    datum.Counts = Array.from({ length: countCount }, (_, i) => number(params, `${p}.Counts.member.${i + 1}`));
  }
  if (hasStats) {
    const stats = {};
    for (const field of ["SampleCount", "Sum", "Minimum", "Maximum"]) {
      const v = number(params, `${p}.StatisticValues.${field}`);
      if (v === undefined) throw missing(`${p}.StatisticValues.${field}`);
      stats[field] = v;
    }
    datum.StatisticValues = stats;
  }
  const unit = params[`${p}.Unit`];
  if (unit !== undefined) {
    if (!UNITS.has(unit)) throw invalid(`The parameter ${p}.Unit must be a value in the set [ ${[...UNITS].join(", ")} ].`);
    datum.Unit = unit;
  }
  const timestamp = params[`${p}.Timestamp`];
  if (timestamp !== undefined) {
    if (Number.isNaN(Date.parse(timestamp))) throw invalid(`The value ${timestamp} for parameter ${p}.Timestamp is invalid.`);
    datum.Timestamp = new Date(Date.parse(timestamp)).toISOString();
  }
  const resolution = params[`${p}.StorageResolution`];
  if (resolution !== undefined) {
    if (resolution !== "1" && resolution !== "60") {
      throw invalid(`The value ${resolution} for parameter ${p}.StorageResolution is invalid: 1 or 60.`);
    }
    datum.StorageResolution = Number(resolution);
  }
  return datum;
}

export class CloudWatchMetrics {
  constructor() {
    this.clear();
  }

  clear() {
    this.data = [];
    this.dropped = 0;
    this.requests = 0;
  }

  /** What tests read back: { data: [{Namespace, Region, MetricName, Dimensions, Value|Values/Counts|StatisticValues, Unit, ...}], dropped, requests }. */
  list(namespace) {
    const data = namespace ? this.data.filter((d) => d.Namespace === namespace) : this.data;
    return { data, dropped: this.dropped, requests: this.requests };
  }

  /** params: decoded Query parameters; bodyBytes: the request body's size. */
  handle(params, bodyBytes, region) {
    const requestId = newRequestId();
    try {
      if (bodyBytes > MAX_PUT_METRIC_DATA_BYTES) {
        throw new CloudWatchError(413, "RequestEntityTooLarge",
          `Request size ${bodyBytes} exceeded ${MAX_PUT_METRIC_DATA_BYTES} bytes`);
      }
      if (params.Action !== "PutMetricData") {
        throw new CloudWatchError(400, "InvalidAction",
          `Could not find operation ${params.Action ?? "(none)"} for version ${params.Version ?? "(none)"}`);
      }
      const namespace = params.Namespace;
      if (!namespace) throw missing("Namespace");
      if (namespace.startsWith("AWS/")) throw invalid(`The value ${namespace} for parameter Namespace is invalid.`);
      const count = members(params, "MetricData");
      if (count === 0) throw missing("MetricData");
      if (count > MAX_METRIC_DATA) {
        throw invalid(`The collection MetricData must not have a size greater than ${MAX_METRIC_DATA}.`);
      }
      const data = Array.from({ length: count }, (_, i) => readDatum(params, i + 1));
      const receivedAt = new Date().toISOString();
      for (const d of data) this.data.push({ Namespace: namespace, Region: region, ReceivedAt: receivedAt, ...d });
      if (this.data.length > MAX_STORED) {
        this.dropped += this.data.length - MAX_STORED;
        this.data.splice(0, this.data.length - MAX_STORED);
      }
      this.requests++;
    } catch (e) {
      if (!(e instanceof CloudWatchError)) throw e;
      return renderError({ protocol: "query", service: "monitoring", status: e.status, code: e.code, message: e.message, requestId });
    }
    const body =
      `<PutMetricDataResponse xmlns="${CW_NS}">\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n` +
      `  </ResponseMetadata>\n</PutMetricDataResponse>\n`;
    return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: Buffer.from(body) };
  }
}
