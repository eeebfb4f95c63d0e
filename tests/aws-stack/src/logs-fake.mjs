// CloudWatch Logs fake: the AWS JSON 1.1 calls niam uses (service "logs", X-Amz-Target
// "Logs_20140328.<Action>"), checked as the API reference describes them, refusing what
// CloudWatch Logs refuses, and storing accepted events so tests can read them back
// (GetLogEvents, or the control API GET /_stack/logs).
import { newRequestId, renderError } from "./aws-errors.mjs";

export const MAX_BATCH_BYTES = 1048576; // sum of UTF-8 message bytes + 26 per event
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_BATCH_EVENTS = 10000;
export const MAX_EVENT_BYTES = 262144; // 256 KiB, message + 26
export const MAX_SPAN_MS = 24 * 3600 * 1000;
export const MAX_FUTURE_MS = 2 * 3600 * 1000; // events later than now + 2 h are "too new"
export const MAX_AGE_MS = 14 * 24 * 3600 * 1000; // events before now - 14 days are "too old"
const MAX_STORED_EVENTS = 2000000; // over all streams; the oldest of a stream go first, counted in `dropped`
const MAX_NAME = 512;
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const RETENTION_DAYS = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
const JSON_TYPE = "application/x-amz-json-1.1";

class LogsError extends Error {
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const invalid = (message) => new LogsError("InvalidParameterException", message);
const notFound = (message) => new LogsError("ResourceNotFoundException", message);
const exists = (message) => new LogsError("ResourceAlreadyExistsException", message);

function requireString(doc, name) {
  const value = doc[name];
  if (value === undefined || value === null) {
    throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== "string") throw new LogsError("SerializationException", `${name} must be a string`);
  return value;
}

function checkGroupName(name) {
  if (name.length < 1 || name.length > MAX_NAME || !GROUP_NAME.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ (length 1 to ${MAX_NAME})`,
    );
  }
}

function checkStreamName(name) {
  if (name.length < 1 || name.length > MAX_NAME || /[:*]/.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: [^:*]* (length 1 to ${MAX_NAME})`,
    );
  }
}

function optionalInteger(doc, name, min, max) {
  const value = doc[name];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must be an integer from ${min} to ${max}`);
  }
  return value;
}

export class CloudWatchLogs {
  /** now(): the fake's clock in ms (tests inject one). */
  constructor({ now = () => Date.now() } = {}) {
    this.now = now;
    this.clear();
  }

  clear() {
    this.groups = new Map(); // name -> { creationTime, retentionInDays, streams: Map name -> stream }
    this.stored = 0;
    this.dropped = 0;
    this.accepted = 0; // PutLogEvents requests accepted
    this.rejectedEvents = 0; // events answered in rejectedLogEventsInfo
  }

  /** What tests read back: { groups: [{ name, retentionInDays, streams: [{ name, events }] }], stored, dropped, requests, rejectedEvents }. */
  summary() {
    return {
      groups: [...this.groups].map(([name, g]) => ({
        name,
        retentionInDays: g.retentionInDays ?? null,
        streams: [...g.streams].map(([s, stream]) => ({ name: s, events: stream.events.length, storedBytes: stream.storedBytes })),
      })),
      stored: this.stored,
      dropped: this.dropped,
      requests: this.accepted,
      rejectedEvents: this.rejectedEvents,
    };
  }

  /** action: from X-Amz-Target; body: Buffer. Returns { status, headers, body }. */
  handle(action, body) {
    const requestId = newRequestId();
    try {
      let doc;
      try {
        doc = body.length ? JSON.parse(body.toString("utf8")) : {};
      } catch {
        throw new LogsError("SerializationException", "Start of structure or map found where not expected / body is not JSON");
      }
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new LogsError("SerializationException", "the body is not a JSON object");
      const result = this.#call(action, doc);
      const text = JSON.stringify(result);
      return { status: 200, headers: { "content-type": JSON_TYPE, "x-amzn-requestid": requestId }, body: Buffer.from(text, "utf8") };
    } catch (e) {
      if (!(e instanceof LogsError)) throw e;
      return renderError({ protocol: "json", service: "logs", status: e.status, code: e.code, jsonType: e.code, message: e.message, requestId });
    }
  }

  #group(name) {
    const group = this.groups.get(name);
    if (!group) throw notFound("The specified log group does not exist.");
    return group;
  }

  #stream(groupName, streamName) {
    const stream = this.#group(groupName).streams.get(streamName);
    if (!stream) throw notFound("The specified log stream does not exist.");
    return stream;
  }

  #call(action, doc) {
    switch (action) {
      case "CreateLogGroup": {
        const name = requireString(doc, "logGroupName");
        checkGroupName(name);
        if (this.groups.has(name)) throw exists("The specified log group already exists");
        this.groups.set(name, { creationTime: this.now(), retentionInDays: undefined, streams: new Map() });
        return {};
      }
      case "CreateLogStream": {
        const groupName = requireString(doc, "logGroupName");
        const streamName = requireString(doc, "logStreamName");
        checkGroupName(groupName);
        checkStreamName(streamName);
        const group = this.#group(groupName);
        if (group.streams.has(streamName)) throw exists("The specified log stream already exists");
        group.streams.set(streamName, { creationTime: this.now(), events: [], storedBytes: 0, lastIngestionTime: undefined });
        return {};
      }
      case "PutRetentionPolicy": {
        const groupName = requireString(doc, "logGroupName");
        checkGroupName(groupName);
        if (!RETENTION_DAYS.has(doc.retentionInDays)) {
          throw invalid(`1 validation error detected: Value '${doc.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION_DAYS].join(", ")}]`);
        }
        this.#group(groupName).retentionInDays = doc.retentionInDays;
        return {};
      }
      case "DescribeLogGroups": {
        const prefix = doc.logGroupNamePrefix ?? "";
        const limit = optionalInteger(doc, "limit", 1, 50) ?? 50;
        const names = [...this.groups.keys()].filter((n) => n.startsWith(prefix)).sort();
        return this.#page(names, doc.nextToken, limit, "logGroups", (n) => {
          const g = this.groups.get(n);
          return { logGroupName: n, creationTime: g.creationTime, ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
            arn: `arn:aws:logs:us-east-1:000000000000:log-group:${n}:*`, storedBytes: [...g.streams.values()].reduce((s, x) => s + x.storedBytes, 0) };
        });
      }
      case "DescribeLogStreams": {
        const groupName = requireString(doc, "logGroupName");
        checkGroupName(groupName);
        const group = this.#group(groupName);
        const prefix = doc.logStreamNamePrefix ?? "";
        const limit = optionalInteger(doc, "limit", 1, 50) ?? 50;
        if (doc.orderBy === "LastEventTime" && prefix) throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        let names = [...group.streams.keys()].filter((n) => n.startsWith(prefix)).sort();
        if (doc.orderBy === "LastEventTime") {
          const last = (n) => group.streams.get(n).events.at(-1)?.timestamp ?? 0;
          names.sort((a, b) => last(a) - last(b));
        }
        if (doc.descending === true) names = names.reverse();
        return this.#page(names, doc.nextToken, limit, "logStreams", (n) => {
          const s = group.streams.get(n);
          const out = { logStreamName: n, creationTime: s.creationTime, arn: `arn:aws:logs:us-east-1:000000000000:log-group:${groupName}:log-stream:${n}`, storedBytes: s.storedBytes };
          if (s.events.length) {
            out.firstEventTimestamp = Math.min(...s.events.slice(0, 1000).map((e) => e.timestamp));
            out.lastEventTimestamp = s.events.at(-1).timestamp;
            out.lastIngestionTime = s.lastIngestionTime;
          }
          return out;
        });
      }
      case "PutLogEvents":
        return this.#put(doc);
      case "GetLogEvents":
        return this.#get(doc);
      default:
        throw new LogsError("UnknownOperationException", `Unknown operation ${action}`);
    }
  }

  #page(names, token, limit, key, describe) {
    let start = 0;
    if (token !== undefined) {
      const m = /^n\/(\d+)$/.exec(String(token));
      if (!m) throw invalid("The specified nextToken is invalid.");
      start = Number(m[1]);
    }
    const slice = names.slice(start, start + limit);
    const out = { [key]: slice.map(describe) };
    if (start + limit < names.length) out.nextToken = `n/${start + limit}`;
    return out;
  }

  #put(doc) {
    const groupName = requireString(doc, "logGroupName");
    const streamName = requireString(doc, "logStreamName");
    checkGroupName(groupName);
    checkStreamName(streamName);
    const events = doc.logEvents;
    if (!Array.isArray(events)) throw invalid("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");
    if (events.length < 1 || events.length > MAX_BATCH_EVENTS) {
      throw invalid(`1 validation error detected: Value '[...]' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS} and greater than or equal to 1`);
    }
    let bytes = 0;
    events.forEach((e, i) => {
      if (typeof e !== "object" || e === null || !Number.isInteger(e.timestamp) || e.timestamp < 0) {
        throw invalid(`1 validation error detected: Value at 'logEvents.${i + 1}.member.timestamp' failed to satisfy constraint: Member must not be null and must be a non-negative integer`);
      }
      if (typeof e.message !== "string" || e.message.length < 1) {
        throw invalid(`1 validation error detected: Value at 'logEvents.${i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      }
      const size = Buffer.byteLength(e.message, "utf8") + EVENT_OVERHEAD_BYTES;
      if (size > MAX_EVENT_BYTES) throw invalid(`Log event too large: ${size} bytes exceeds limit of ${MAX_EVENT_BYTES}`);
      bytes += size;
      if (i > 0 && e.timestamp < events[i - 1].timestamp) {
        throw invalid("Log events in a single PutLogEvents request must be in chronological order.");
      }
    });
    if (bytes > MAX_BATCH_BYTES) throw invalid(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    if (events.at(-1).timestamp - events[0].timestamp > MAX_SPAN_MS) {
      throw invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }
    const stream = this.#stream(groupName, streamName);
    const group = this.groups.get(groupName);

    // Events are sorted, so the too-old ones lead and the too-new ones trail.
    const now = this.now();
    const tooOldBefore = now - MAX_AGE_MS;
    const expiredBefore = group.retentionInDays ? now - group.retentionInDays * 24 * 3600 * 1000 : -Infinity;
    const tooNewAfter = now + MAX_FUTURE_MS;
    let tooOldEnd = 0; // exclusive: events [0, tooOldEnd) are too old
    let expiredEnd = 0;
    let tooNewStart = events.length;
    events.forEach((e, i) => {
      if (e.timestamp < tooOldBefore) tooOldEnd = i + 1;
      if (e.timestamp < expiredBefore) expiredEnd = i + 1;
      if (e.timestamp > tooNewAfter && tooNewStart === events.length) tooNewStart = i;
    });
    const firstKept = Math.max(tooOldEnd, expiredEnd);
    for (let i = firstKept; i < tooNewStart; i++) {
      const message = events[i].message;
      stream.events.push({ timestamp: events[i].timestamp, message, ingestionTime: now });
      stream.storedBytes += Buffer.byteLength(message, "utf8");
      this.stored++;
    }
    if (tooNewStart > firstKept) stream.lastIngestionTime = now;
    if (this.stored > MAX_STORED_EVENTS) {
      const excess = Math.min(this.stored - MAX_STORED_EVENTS, stream.events.length);
      stream.events.splice(0, excess);
      this.stored -= excess;
      this.dropped += excess;
    }
    this.accepted++;
    const out = { nextSequenceToken: String(this.accepted).padStart(56, "4") };
    const info = {};
    if (tooOldEnd > 0) info.tooOldLogEventEndIndex = tooOldEnd;
    if (expiredEnd > 0) info.expiredLogEventEndIndex = expiredEnd;
    if (tooNewStart < events.length) info.tooNewLogEventStartIndex = tooNewStart;
    const rejected = firstKept + (events.length - Math.max(tooNewStart, firstKept));
    this.rejectedEvents += rejected;
    if (Object.keys(info).length) out.rejectedLogEventsInfo = info;
    return out;
  }

  #get(doc) {
    const groupName = requireString(doc, "logGroupName");
    const streamName = requireString(doc, "logStreamName");
    checkGroupName(groupName);
    checkStreamName(streamName);
    const limit = optionalInteger(doc, "limit", 1, 10000) ?? 10000;
    const stream = this.#stream(groupName, streamName);
    const startTime = doc.startTime ?? -Infinity;
    const endTime = doc.endTime ?? Infinity;
    // Tokens are "f/<index>" (forward from index) and "b/<index>" (backward, before index).
    let from = 0;
    let forward = doc.startFromHead === true;
    if (doc.nextToken !== undefined) {
      const m = /^([fb])\/(\d+)$/.exec(String(doc.nextToken));
      if (!m) throw invalid("The specified nextToken is invalid.");
      forward = m[1] === "f";
      from = Number(m[2]);
    }
    const all = stream.events.filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
    let start;
    let end;
    if (doc.nextToken === undefined && !forward) {
      end = all.length;
      start = Math.max(0, end - limit);
    } else if (forward) {
      start = Math.min(from, all.length);
      end = Math.min(all.length, start + limit);
    } else {
      end = Math.min(from, all.length);
      start = Math.max(0, end - limit);
    }
    // At most 1 MB of messages per answer, as AWS.
    let size = 0;
    let cut = start;
    while (cut < end && size + Buffer.byteLength(all[cut].message, "utf8") + EVENT_OVERHEAD_BYTES <= MAX_BATCH_BYTES) {
      size += Buffer.byteLength(all[cut].message, "utf8") + EVENT_OVERHEAD_BYTES;
      cut++;
    }
    end = cut;
    return { events: all.slice(start, end), nextForwardToken: `f/${end}`, nextBackwardToken: `b/${start}` };
  }
}
