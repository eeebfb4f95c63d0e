// STS fake: GetCallerIdentity over the Query protocol, answering for the identity that
// signed the request (neither fauxqs nor local-aws-sqs knows our identities).
import { xmlEscape, newRequestId, renderError } from "./aws-errors.mjs";
import { ACCOUNT_ID } from "./identities.mjs";

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** params: decoded Query parameters; identity: { userId, arn } of the verified signer. */
export function handleSts(params, identity) {
  const requestId = newRequestId();
  if (params.Action !== "GetCallerIdentity") {
    return renderError({
      protocol: "query",
      service: "sts",
      status: 400,
      code: "InvalidAction",
      message: `Could not find operation ${params.Action ?? "(none)"} for version ${params.Version ?? "(none)"}`,
      requestId,
    });
  }
  const body =
    `<GetCallerIdentityResponse xmlns="${STS_NS}">\n  <GetCallerIdentityResult>\n` +
    `    <Arn>${xmlEscape(identity.arn)}</Arn>\n    <UserId>${xmlEscape(identity.userId)}</UserId>\n` +
    `    <Account>${ACCOUNT_ID}</Account>\n  </GetCallerIdentityResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`;
  return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: Buffer.from(body) };
}
