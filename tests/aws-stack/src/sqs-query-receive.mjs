// SQS Query-protocol ReceiveMessage, answered through local-aws-sqs' JSON protocol.
//
// local-aws-sqs writes message bodies and message attribute values into its Query XML
// without escaping '<', '>' and '&' (only '"'), so a body such as `a<b` yields XML no
// parser accepts. The front therefore asks local-aws-sqs in JSON and writes the Query XML
// answer itself, escaped, in the shape of the SQS API reference example.
import { xmlEscape, newRequestId } from "./aws-errors.mjs";

const SQS_NS = "http://queue.amazonaws.com/doc/2012-11-05/";

function indexed(params, prefix) {
  return Object.keys(params)
    .map((k) => new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)$`).exec(k)?.[1])
    .filter((x) => x !== undefined)
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => params[`${prefix}.${n}`]);
}

/** Query parameters -> the JSON ReceiveMessage request. */
export function receiveParamsToJson(params) {
  const out = { QueueUrl: params.QueueUrl };
  for (const k of ["MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout"]) {
    if (params[k] !== undefined) out[k] = Number.isNaN(Number(params[k])) ? params[k] : Number(params[k]);
  }
  if (params.ReceiveRequestAttemptId !== undefined) out.ReceiveRequestAttemptId = params.ReceiveRequestAttemptId;
  const attrs = [...indexed(params, "AttributeName"), ...indexed(params, "MessageSystemAttributeName")];
  if (params.AttributeName !== undefined) attrs.push(params.AttributeName);
  if (attrs.length) out.AttributeNames = attrs;
  const mattrs = indexed(params, "MessageAttributeName");
  if (params.MessageAttributeName !== undefined) mattrs.push(params.MessageAttributeName);
  if (mattrs.length) out.MessageAttributeNames = mattrs;
  return out;
}

function renderMessage(m) {
  const x = xmlEscape;
  let s = `<Message><MessageId>${x(m.MessageId)}</MessageId><ReceiptHandle>${x(m.ReceiptHandle)}</ReceiptHandle>`;
  s += `<MD5OfBody>${x(m.MD5OfBody)}</MD5OfBody><Body>${x(m.Body)}</Body>`;
  for (const [name, value] of Object.entries(m.Attributes ?? {})) s += `<Attribute><Name>${x(name)}</Name><Value>${x(value)}</Value></Attribute>`;
  if (m.MD5OfMessageAttributes) s += `<MD5OfMessageAttributes>${x(m.MD5OfMessageAttributes)}</MD5OfMessageAttributes>`;
  for (const [name, v] of Object.entries(m.MessageAttributes ?? {})) {
    const value = v.BinaryValue !== undefined ? `<BinaryValue>${x(v.BinaryValue)}</BinaryValue>` : `<StringValue>${x(v.StringValue ?? "")}</StringValue>`;
    s += `<MessageAttribute><Name>${x(name)}</Name><Value>${value}<DataType>${x(v.DataType)}</DataType></Value></MessageAttribute>`;
  }
  return `${s}</Message>`;
}

/** The backend's JSON answer -> the Query XML answer { status, headers, body }. */
export function jsonReceiveToQuery(answer) {
  const requestId = answer.headers["x-amzn-requestid"] ?? newRequestId();
  const text = answer.body.toString("utf8");
  let doc = {};
  try {
    doc = text.trim() ? JSON.parse(text) : {};
  } catch {
    doc = { __type: "InternalFailure", message: `backend answered unparsable JSON: ${text.slice(0, 100)}` };
  }
  const headers = { "content-type": "text/xml", "x-amzn-requestid": requestId };
  if (answer.status !== 200) {
    const [code, type] = String(answer.headers["x-amzn-query-error"] ?? `${String(doc.__type ?? "InternalFailure").split("#").pop()};Sender`).split(";");
    const body =
      `<?xml version="1.0"?>\n<ErrorResponse xmlns="${SQS_NS}"><Error><Type>${xmlEscape(type ?? "Sender")}</Type><Code>${xmlEscape(code)}</Code>` +
      `<Message>${xmlEscape(doc.message ?? "")}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: answer.status, headers, body: Buffer.from(body) };
  }
  const messages = Array.isArray(doc.Messages) ? doc.Messages : [];
  const result = messages.length ? `<ReceiveMessageResult>${messages.map(renderMessage).join("")}</ReceiveMessageResult>` : "<ReceiveMessageResult/>";
  const body =
    `<?xml version="1.0"?>\n<ReceiveMessageResponse xmlns="${SQS_NS}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></ReceiveMessageResponse>`;
  return { status: 200, headers, body: Buffer.from(body) };
}
