// Who may sign requests to the front. Every value here is a made-up test credential.
//
// - the test identity (an IAM user with a long-term key): the env file's AWS_ACCESS_KEY_ID
// - the AWS documentation example key AKIDEXAMPLE (the official SigV4 test vectors use it)
// - instance-role session credentials handed out by the IMDS fake (with a token and an
//   expiry); the IMDS fake issues them here, see imds-fake.mjs
export const ACCOUNT_ID = "000000000000"; // fauxqs hard-codes this account in every ARN and queue URL

export const TEST_IDENTITY = Object.freeze({
  accessKeyId: "AKIANIAMTESTEXAMPLE1",
  secretAccessKey: "niamTestSecret/K7MDENG+bPxRfiCYEXAMPLEKY",
  userId: "AIDANIAMTESTUSEREXMPL",
  arn: `arn:aws:iam::${ACCOUNT_ID}:user/niam-test`,
});

export const DOC_EXAMPLE_IDENTITY = Object.freeze({
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  userId: "AIDADOCEXAMPLEUSER001",
  arn: `arn:aws:iam::${ACCOUNT_ID}:user/doc-example`,
});

const MAX_SESSIONS_KEPT = 20;

/** Deterministic session credentials number n (so tests and the env file can name the first). */
export function sessionCredentials(n, roleName, instanceId, expiresAt) {
  const num = String(n).padStart(8, "0");
  return {
    accessKeyId: `ASIANIAMROLE${num}`,
    secretAccessKey: `niamRoleSecret/${num}/bPxRfiCYEXAMPLEKEY`.padEnd(40, "x").slice(0, 40),
    sessionToken: `IQoJniamSessionToken//${num}//${"EXAMPLE".repeat(8)}==`,
    expiresAt,
    userId: `AROANIAMROLEEXAMPLE1:${instanceId}`,
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName}/${instanceId}`,
  };
}

export class IdentityStore {
  #static = new Map();
  #sessions = [];

  constructor() {
    for (const id of [TEST_IDENTITY, DOC_EXAMPLE_IDENTITY]) this.#static.set(id.accessKeyId, { ...id });
  }

  addSession(creds) {
    this.#sessions.push(creds);
    if (this.#sessions.length > MAX_SESSIONS_KEPT) this.#sessions.shift();
  }

  clearSessions() {
    this.#sessions = [];
  }

  /** Map accessKeyId -> { secretAccessKey, sessionToken?, expiresAt?, userId, arn } for the verifier. */
  asMap() {
    const m = new Map(this.#static);
    for (const s of this.#sessions) m.set(s.accessKeyId, s);
    return m;
  }
}
