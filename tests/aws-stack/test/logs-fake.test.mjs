// The CloudWatch Logs fake on its own: groups, streams, PutLogEvents' limits and
// rejectedLogEventsInfo, GetLogEvents paging, errors shaped like AWS JSON 1.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudWatchLogs, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, EVENT_OVERHEAD_BYTES, MAX_SPAN_MS } from "../src/logs-fake.mjs";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const call = (logs, action, doc) => {
  const answer = logs.handle(action, Buffer.from(JSON.stringify(doc)));
  return { status: answer.status, doc: JSON.parse(answer.body.toString("utf8")), headers: answer.headers };
};
const withStream = () => {
  const logs = new CloudWatchLogs({ now: () => NOW });
  assert.equal(call(logs, "CreateLogGroup", { logGroupName: "/niam/i-1" }).status, 200);
  assert.equal(call(logs, "CreateLogStream", { logGroupName: "/niam/i-1", logStreamName: "syslog" }).status, 200);
  return logs;
};
const put = (logs, logEvents) => call(logs, "PutLogEvents", { logGroupName: "/niam/i-1", logStreamName: "syslog", logEvents });

test("logs: create, already exists, put and get back in order", () => {
  const logs = withStream();
  let r = call(logs, "CreateLogGroup", { logGroupName: "/niam/i-1" });
  assert.equal(r.status, 400);
  assert.equal(r.doc.__type, "ResourceAlreadyExistsException");
  assert.equal(r.headers["content-type"], "application/x-amz-json-1.1");
  r = call(logs, "CreateLogStream", { logGroupName: "/niam/i-1", logStreamName: "syslog" });
  assert.equal(r.doc.__type, "ResourceAlreadyExistsException");
  r = put(logs, [{ timestamp: NOW - 2, message: "a" }, { timestamp: NOW - 1, message: "b" }, { timestamp: NOW - 1, message: "c" }]);
  assert.equal(r.status, 200);
  assert.equal(typeof r.doc.nextSequenceToken, "string");
  assert.equal(r.doc.rejectedLogEventsInfo, undefined);
  r = call(logs, "GetLogEvents", { logGroupName: "/niam/i-1", logStreamName: "syslog", startFromHead: true, limit: 2 });
  assert.deepEqual(r.doc.events.map((e) => e.message), ["a", "b"]);
  r = call(logs, "GetLogEvents", { logGroupName: "/niam/i-1", logStreamName: "syslog", nextToken: r.doc.nextForwardToken });
  assert.deepEqual(r.doc.events.map((e) => e.message), ["c"]);
  r = call(logs, "DescribeLogStreams", { logGroupName: "/niam/i-1" });
  assert.equal(r.doc.logStreams[0].logStreamName, "syslog");
  assert.equal(r.doc.logStreams[0].lastEventTimestamp, NOW - 1);
});

test("logs: missing group or stream is ResourceNotFoundException and bad names InvalidParameterException", () => {
  const logs = withStream();
  let r = call(logs, "PutLogEvents", { logGroupName: "/none", logStreamName: "s", logEvents: [{ timestamp: NOW, message: "x" }] });
  assert.equal(r.doc.__type, "ResourceNotFoundException");
  assert.match(r.doc.message, /log group does not exist/);
  r = call(logs, "PutLogEvents", { logGroupName: "/niam/i-1", logStreamName: "none", logEvents: [{ timestamp: NOW, message: "x" }] });
  assert.match(r.doc.message, /log stream does not exist/);
  r = call(logs, "CreateLogStream", { logGroupName: "/none", logStreamName: "s" });
  assert.equal(r.doc.__type, "ResourceNotFoundException");
  for (const bad of ["", "a b", "x:y", "a".repeat(513)]) {
    assert.equal(call(logs, "CreateLogGroup", { logGroupName: bad }).doc.__type, "InvalidParameterException", bad);
  }
  for (const bad of ["", "x:y", "a*", "a".repeat(513)]) {
    assert.equal(call(logs, "CreateLogStream", { logGroupName: "/niam/i-1", logStreamName: bad }).doc.__type, "InvalidParameterException", bad);
  }
  assert.equal(call(logs, "CreateLogStream", { logGroupName: "/niam/i-1", logStreamName: "docker/web 1" }).status, 200);
});

test("logs: the batch limits are enforced at their exact boundaries", () => {
  const logs = withStream();
  const events = (n, message = "x") => Array.from({ length: n }, () => ({ timestamp: NOW, message }));
  assert.equal(put(logs, events(MAX_BATCH_EVENTS)).status, 200);
  let r = put(logs, events(MAX_BATCH_EVENTS + 1));
  assert.equal(r.doc.__type, "InvalidParameterException");
  assert.equal(put(logs, []).doc.__type, "InvalidParameterException");

  // 4 events of (262,118 + 26) bytes = 1,048,576 exactly; one byte more is refused.
  const big = "m".repeat(MAX_BATCH_BYTES / 4 - EVENT_OVERHEAD_BYTES);
  assert.equal(put(logs, events(4, big)).status, 200);
  r = put(logs, [...events(3, big), { timestamp: NOW, message: big + "m" }]);
  assert.equal(r.doc.__type, "InvalidParameterException");
  // one event over 256 KiB
  r = put(logs, events(1, "m".repeat(262144 - EVENT_OVERHEAD_BYTES + 1)));
  assert.match(r.doc.message, /Log event too large/);
  // UTF-8 bytes count, not characters: "é" is 2 bytes
  r = put(logs, events(4, "é".repeat((MAX_BATCH_BYTES / 4 - EVENT_OVERHEAD_BYTES) / 2 + 1)));
  assert.match(r.doc.message, /Log event too large|Upload too large/);

  r = put(logs, [{ timestamp: NOW, message: "b" }, { timestamp: NOW - 1, message: "a" }]);
  assert.match(r.doc.message, /chronological order/);
  assert.equal(put(logs, [{ timestamp: NOW - MAX_SPAN_MS, message: "a" }, { timestamp: NOW, message: "b" }]).status, 200);
  r = put(logs, [{ timestamp: NOW - MAX_SPAN_MS - 1, message: "a" }, { timestamp: NOW, message: "b" }]);
  assert.match(r.doc.message, /span more than 24 hours/);
  assert.equal(put(logs, [{ timestamp: NOW, message: "" }]).doc.__type, "InvalidParameterException");
});

test("logs: too old too new and expired events come back in rejectedLogEventsInfo and are not stored", () => {
  const logs = withStream();
  const day = 24 * 3600 * 1000;
  // A batch within 24 h whose first two events are more than 14 days old by the time it arrives.
  const a = NOW - 14 * day - 2;
  let r = put(logs, [
    { timestamp: a, message: "old" },
    { timestamp: a + 1, message: "old2" },
    { timestamp: NOW, message: "late" },
  ]);
  assert.equal(r.status, 400, "a batch spanning more than 24 h is refused whole");
  const late = a + 2 * 3600 * 1000;
  r = put(logs, [{ timestamp: a, message: "old" }, { timestamp: a + 1, message: "old2" }, { timestamp: late, message: "kept" }]);
  assert.equal(r.status, 200);
  assert.deepEqual(r.doc.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 });
  r = put(logs, [{ timestamp: NOW, message: "kept2" }, { timestamp: NOW + 3 * 3600 * 1000, message: "new" }]);
  assert.deepEqual(r.doc.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
  assert.equal(call(logs, "PutRetentionPolicy", { logGroupName: "/niam/i-1", retentionInDays: 1 }).status, 200);
  r = put(logs, [{ timestamp: NOW - day - 5, message: "expired" }, { timestamp: NOW - 5, message: "kept3" }]);
  assert.deepEqual(r.doc.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
  r = call(logs, "GetLogEvents", { logGroupName: "/niam/i-1", logStreamName: "syslog", startFromHead: true });
  assert.deepEqual(r.doc.events.map((e) => e.message), ["kept", "kept2", "kept3"]);
  assert.equal(logs.summary().rejectedEvents, 4);
});
