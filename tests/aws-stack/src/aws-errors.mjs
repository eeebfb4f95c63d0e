// AWS-shaped error responses for the four wire protocols the front speaks:
//   query: SQS/SNS/STS/CloudWatch Query protocol  <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
//   ec2:   EC2 Query protocol          <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
//   s3:    REST-XML                     <Error><Code/><Message/>...<RequestId/><HostId/></Error>
//   json:  awsJson1.0 (X-Amz-Target)    {"__type":"<namespace>#<Code>","message":"..."} + x-amzn-query-error
import { randomUUID } from "node:crypto";

const QUERY_NAMESPACES = {
  sqs: "http://queue.amazonaws.com/doc/2012-11-05/",
  sns: "http://sns.amazonaws.com/doc/2010-03-31/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  monitoring: "http://monitoring.amazonaws.com/doc/2010-08-01/",
};

export function xmlEscape(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function newRequestId() {
  return randomUUID();
}

/** Picks the wire protocol of a request from its service and headers. */
export function protocolOf(service, headerMap) {
  if (headerMap.has("x-amz-target")) return "json";
  if (service === "s3") return "s3";
  if (service === "ec2") return "ec2";
  return "query";
}

/**
 * Renders an error.
 * @param e { protocol, service, status, code, message, type?: "Sender"|"Receiver", jsonType?: full __type,
 *            s3Extra?: {tag: value}, requestId }
 * @returns { status, headers, body: Buffer }
 */
export function renderError(e) {
  const requestId = e.requestId ?? newRequestId();
  const type = e.type ?? (e.status >= 500 ? "Receiver" : "Sender");
  const headers = {};
  let body;
  switch (e.protocol) {
    case "json": {
      headers["content-type"] = e.service === "logs" ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
      headers["x-amzn-requestid"] = requestId;
      headers["x-amzn-query-error"] = `${e.code};${type}`;
      const jsonType = e.jsonType ?? `com.amazon.coral.service#${e.code}`;
      body = JSON.stringify({ __type: jsonType, message: e.message });
      break;
    }
    case "s3": {
      headers["content-type"] = "application/xml";
      headers["x-amz-request-id"] = requestId.replace(/-/g, "").slice(0, 16).toUpperCase();
      headers["x-amz-id-2"] = "niam-aws-stack";
      const extra = Object.entries(e.s3Extra ?? {})
        .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
        .join("");
      body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message>` +
        `${extra}<RequestId>${headers["x-amz-request-id"]}</RequestId><HostId>niam-aws-stack</HostId></Error>`;
      break;
    }
    case "ec2": {
      headers["content-type"] = "text/xml;charset=UTF-8";
      headers["x-amzn-requestid"] = requestId;
      body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(e.code)}</Code>` +
        `<Message>${xmlEscape(e.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
      break;
    }
    default: {
      headers["content-type"] = "text/xml";
      headers["x-amzn-requestid"] = requestId;
      const ns = QUERY_NAMESPACES[e.service] ?? QUERY_NAMESPACES.sqs;
      body =
        `<?xml version="1.0"?>\n<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${xmlEscape(e.code)}</Code>` +
        `<Message>${xmlEscape(e.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    }
  }
  return { status: e.status, headers, body: Buffer.from(body, "utf8") };
}

/** "41 57 53" for "AWS": the form of S3's <StringToSignBytes> and <CanonicalRequestBytes>. */
function hexBytes(text) {
  return [...Buffer.from(text, "utf8")].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

function fmt(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/**
 * Maps a verifier failure (VerifyError) to the error a real AWS service answers with.
 * Returns the argument for renderError (without protocol/requestId).
 */
export function authErrorFor(err, protocol, service, now) {
  const code = err.code;
  const s3 = protocol === "s3";
  const ec2 = protocol === "ec2";
  const json = protocol === "json";
  switch (code) {
    case "MissingAuthenticationToken":
      if (s3) return { status: 403, code: "AccessDenied", message: "Access Denied" };
      if (ec2) return { status: 401, code: "AuthFailure", message: "AWS was not able to validate the provided access credentials" };
      return { status: 403, code: "MissingAuthenticationToken", message: err.message };
    case "InvalidClientTokenId":
      if (s3) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records.", s3Extra: { AWSAccessKeyId: err.scope?.accessKeyId ?? "" } };
      if (ec2) return { status: 401, code: "AuthFailure", message: "AWS was not able to validate the provided access credentials" };
      return { status: 403, code: "InvalidClientTokenId", message: err.message };
    case "ExpiredToken":
      if (ec2) return { status: 400, code: "RequestExpired", message: "The security token included in the request is expired" };
      return { status: s3 ? 400 : 403, code: "ExpiredToken", message: err.message };
    case "IncompleteSignature":
    case "AuthorizationQueryParametersError":
    case "MalformedQueryString":
      if (s3) return { status: 400, code: code === "IncompleteSignature" ? "AuthorizationHeaderMalformed" : code, message: err.message };
      return { status: 400, code: "IncompleteSignature", message: err.message };
    case "RequestTimeTooSkewed": {
      const earlier = err.signingDate.getTime() < now.getTime();
      const limit = new Date(now.getTime() + (earlier ? -1 : 1) * 15 * 60 * 1000);
      const msg = earlier
        ? `Signature expired: ${fmt(err.signingDate)} is now earlier than ${fmt(limit)} (${fmt(now)} - 15 min.)`
        : `Signature not yet current: ${fmt(err.signingDate)} is still later than ${fmt(limit)} (${fmt(now)} + 15 min.)`;
      if (s3) {
        return {
          status: 403,
          code: "RequestTimeTooSkewed",
          message: "The difference between the request time and the current time is too large.",
          s3Extra: { RequestTime: err.signingDate.toUTCString(), ServerTime: now.toISOString(), MaxAllowedSkewMilliseconds: "900000" },
        };
      }
      if (ec2) return { status: 400, code: "RequestExpired", message: `Request has expired. ${msg}` };
      if (json) return { status: 400, code: "InvalidSignatureException", message: msg };
      return { status: 403, code: "SignatureDoesNotMatch", message: msg };
    }
    case "RequestExpired":
    case "RequestNotYetValid":
      if (s3) return { status: 403, code: "AccessDenied", message: err.message };
      if (ec2) return { status: 400, code: "RequestExpired", message: err.message };
      return { status: 403, code: "SignatureDoesNotMatch", message: code === "RequestExpired" ? "Signature expired" : "Signature not yet current" };
    case "SignatureDoesNotMatch": {
      if (!err.canonicalRequest) return { status: 403, code, message: err.message };
      if (s3) {
        return {
          status: 403,
          code,
          message: err.message,
          // As S3 answers: both texts as they are (a session token included) and as bytes.
          s3Extra: {
            AWSAccessKeyId: err.scope?.accessKeyId ?? "",
            StringToSign: err.stringToSign,
            SignatureProvided: err.signatureProvided,
            StringToSignBytes: hexBytes(err.stringToSign),
            CanonicalRequest: err.canonicalRequest,
            CanonicalRequestBytes: hexBytes(err.canonicalRequest),
          },
        };
      }
      // Query and JSON services put both texts in the message, unmasked (a signed
      // x-amz-security-token line included), exactly as AWS does.
      const detail = `${err.message}\n\nThe Canonical String for this request should have been\n'${err.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${err.stringToSign}'\n`;
      return { status: 403, code, message: detail };
    }
    case "XAmzContentSHA256Mismatch":
      return { status: 400, code, message: err.message, s3Extra: s3 ? { ClientComputedContentSHA256: err.clientComputed, S3ComputedContentSHA256: err.s3Computed } : undefined };
    default:
      return { status: 400, code, message: err.message };
  }
}

/** The errors injected by faults, per protocol and service. */
export function faultErrorFor(kind, protocol, service) {
  const s3 = protocol === "s3";
  const ec2 = protocol === "ec2";
  const json = protocol === "json";
  if (kind === "500") {
    if (s3) return { status: 500, code: "InternalError", message: "We encountered an internal error. Please try again." };
    if (ec2) return { status: 500, code: "InternalError", message: "An internal error has occurred" };
    return { status: 500, code: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure." };
  }
  if (kind === "503") {
    if (s3) return { status: 503, code: "ServiceUnavailable", message: "Service is unable to handle request." };
    if (ec2) return { status: 503, code: "Unavailable", message: "The server is overloaded and can't handle the request." };
    return { status: 503, code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server." };
  }
  if (kind === "throttle") {
    if (s3) return { status: 503, code: "SlowDown", message: "Please reduce your request rate." };
    if (ec2) return { status: 503, code: "RequestLimitExceeded", message: "Request limit exceeded." };
    if (json) return { status: 400, code: "ThrottlingException", jsonType: "com.amazon.coral.availability#ThrottlingException", message: "Rate exceeded" };
    if (service === "sqs") return { status: 400, code: "RequestThrottled", message: "Request is throttled." };
    if (service === "sns") return { status: 400, code: "Throttling", message: "Rate exceeded" };
    return { status: 400, code: "Throttling", message: "Rate exceeded" };
  }
  throw new Error(`no error for fault kind ${kind}`);
}
