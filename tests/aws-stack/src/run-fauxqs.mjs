// Runs fauxqs (SQS JSON protocol, SNS, S3) bound to 127.0.0.1.
// fauxqs' own startFauxqs() listens on 0.0.0.0, so this builds its app and listens itself.
// usage: node src/run-fauxqs.mjs --port N --dir RUNDIR
import { buildApp } from "fauxqs";
import { FAUXQS_HOST } from "./backend-proxy.mjs";
import { parseArgs, writePortFile, onShutdown } from "./process-util.mjs";

const args = parseArgs(process.argv.slice(2), ["port", "dir"]);
const app = buildApp({ host: FAUXQS_HOST, logger: process.env.STACK_BACKEND_LOGS === "1" });
await app.listen({ port: Number(args.port ?? 0), host: "127.0.0.1" });
const port = app.server.address().port;
if (args.dir) writePortFile(args.dir, "fauxqs", port);
console.log(`fauxqs listening on 127.0.0.1:${port}`);
onShutdown(() => app.close(), [app.server]);
