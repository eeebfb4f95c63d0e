// The CloudWatch fake on its own: PutMetricData requests, answers and errors as the API
// reference shapes them, and what it stores for tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudWatchMetrics, MAX_PUT_METRIC_DATA_BYTES } from "../src/cloudwatch-fake.mjs";

const base = { Action: "PutMetricData", Version: "2010-08-01", Namespace: "TestNamespace" };
const put = (cw, params, bytes = 100) => {
  const answer = cw.handle({ ...base, ...params }, bytes, "us-east-1");
  return { status: answer.status, text: answer.body.toString("utf8") };
};
const code = (text) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

test("the API reference's example is stored and answered with PutMetricDataResponse", () => {
  const cw = new CloudWatchMetrics();
  const r = put(cw, {
    "MetricData.member.1.MetricName": "buffers",
    "MetricData.member.1.Unit": "Bytes",
    "MetricData.member.1.Value": "231434333",
    "MetricData.member.1.Dimensions.member.1.Name": "InstanceType",
    "MetricData.member.1.Dimensions.member.1.Value": "m1.small",
  });
  assert.equal(r.status, 200);
  assert.match(r.text, /^<PutMetricDataResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/">/);
  assert.match(r.text, /<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  const { data } = cw.list();
  assert.equal(data.length, 1);
  assert.deepEqual(
    { ...data[0], ReceivedAt: undefined },
    { Namespace: "TestNamespace", Region: "us-east-1", ReceivedAt: undefined, MetricName: "buffers",
      Dimensions: [{ Name: "InstanceType", Value: "m1.small" }], Value: 231434333, Unit: "Bytes" },
  );
});

test("Values/Counts, StatisticValues, Timestamp and StorageResolution are kept", () => {
  const cw = new CloudWatchMetrics();
  const r = put(cw, {
    "MetricData.member.1.MetricName": "latency",
    "MetricData.member.1.Values.member.1": "1",
    "MetricData.member.1.Values.member.2": "2.5",
    "MetricData.member.1.Counts.member.1": "3",
    "MetricData.member.1.Counts.member.2": "1",
    "MetricData.member.1.StorageResolution": "1",
    "MetricData.member.1.Timestamp": "2015-08-30T12:36:00Z",
    "MetricData.member.2.MetricName": "s",
    "MetricData.member.2.StatisticValues.SampleCount": "10",
    "MetricData.member.2.StatisticValues.Sum": "11.5",
    "MetricData.member.2.StatisticValues.Minimum": "0.25",
    "MetricData.member.2.StatisticValues.Maximum": "3",
  });
  assert.equal(r.status, 200);
  const [a, b] = cw.list("TestNamespace").data;
  assert.deepEqual(a.Values, [1, 2.5]);
  assert.deepEqual(a.Counts, [3, 1]);
  assert.equal(a.StorageResolution, 1);
  assert.equal(a.Timestamp, "2015-08-30T12:36:00.000Z");
  assert.deepEqual(b.StatisticValues, { SampleCount: 10, Sum: 11.5, Minimum: 0.25, Maximum: 3 });
  assert.equal(cw.list("Other").data.length, 0);
});

test("errors: MissingParameter, InvalidParameterValue, InvalidParameterCombination, nothing stored", () => {
  const cw = new CloudWatchMetrics();
  let r = cw.handle({ Action: "PutMetricData", "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1" }, 10, "us-east-1");
  const text = r.body.toString();
  assert.equal(r.status, 400);
  assert.equal(code(text), "MissingParameter");
  assert.match(text, /<Type>Sender<\/Type>/);
  assert.match(text, /The parameter Namespace is required\./);
  r = put(cw, { "MetricData.member.1.Value": "1" });
  assert.equal(code(r.text), "MissingParameter");
  assert.match(r.text, /MetricData\.member\.1\.MetricName is required/);
  for (const bad of ["NaN", "Infinity", "-Infinity", "1e400", "abc", ""]) {
    r = put(cw, { "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": bad });
    assert.equal(r.status, 400, bad);
    assert.equal(code(r.text), "InvalidParameterValue", bad);
  }
  r = put(cw, { "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1", "MetricData.member.1.Values.member.1": "1" });
  assert.equal(code(r.text), "InvalidParameterCombination");
  r = put(cw, { "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1", "MetricData.member.1.Unit": "Furlongs" });
  assert.equal(code(r.text), "InvalidParameterValue");
  r = put(cw, { Namespace: "AWS/EC2", "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1" });
  assert.equal(code(r.text), "InvalidParameterValue");
  assert.equal(cw.list().data.length, 0);
});

test("the limits: 1,000 data, 30 dimensions, 150 values, 1 MB (413)", () => {
  const cw = new CloudWatchMetrics();
  const many = {};
  for (let i = 1; i <= 1001; i++) {
    many[`MetricData.member.${i}.MetricName`] = "m";
    many[`MetricData.member.${i}.Value`] = "1";
  }
  let r = put(cw, many);
  assert.equal(code(r.text), "InvalidParameterValue");
  assert.match(r.text, /must not have a size greater than 1000/);
  delete many["MetricData.member.1001.MetricName"];
  delete many["MetricData.member.1001.Value"];
  assert.equal(put(cw, many).status, 200);

  const dims = { "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1" };
  for (let d = 1; d <= 31; d++) {
    dims[`MetricData.member.1.Dimensions.member.${d}.Name`] = `k${d}`;
    dims[`MetricData.member.1.Dimensions.member.${d}.Value`] = "v";
  }
  r = put(cw, dims);
  assert.match(r.text, /Dimensions must not have a size greater than 30/);

  const values = { "MetricData.member.1.MetricName": "m" };
  for (let v = 1; v <= 151; v++) values[`MetricData.member.1.Values.member.${v}`] = "1";
  r = put(cw, values);
  assert.match(r.text, /Values must not have a size greater than 150/);

  r = put(cw, { "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1" }, MAX_PUT_METRIC_DATA_BYTES + 1);
  assert.equal(r.status, 413);
  assert.equal(code(r.text), "RequestEntityTooLarge");
});
