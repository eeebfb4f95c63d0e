// Runs local-aws-sqs (SQS Query and JSON protocols) bound to 127.0.0.1.
// usage: node src/run-local-sqs.mjs --port N --dir RUNDIR
import { createRequire } from "node:module";
import { parseArgs, writePortFile, onShutdown } from "./process-util.mjs";
import { ACCOUNT_ID } from "./identities.mjs";

const require = createRequire(import.meta.url);
const { createSqsServer } = require("local-aws-sqs");

const args = parseArgs(process.argv.slice(2), ["port", "dir"]);
const server = await createSqsServer({
  port: Number(args.port ?? 0),
  hostname: "127.0.0.1",
  accountId: ACCOUNT_ID,
  region: process.env.AWS_REGION ?? "us-east-1",
  // Tests delete and re-create queues with the same name; AWS makes you wait 60 s.
  emulateQueueCreationLifecycle: false,
});
const port = server.address().port;
if (args.dir) writePortFile(args.dir, "local-sqs", port);
console.log(`local-aws-sqs listening on 127.0.0.1:${port}`);
onShutdown(() => new Promise((r) => server.close(r)), [server]);
