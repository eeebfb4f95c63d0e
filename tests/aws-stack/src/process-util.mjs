// Small helpers shared by the stack's processes.
import { writeFileSync, renameSync } from "node:fs";
import path from "node:path";

/** "--name value" pairs -> { name: value }; only the names given are accepted. */
export function parseArgs(argv, names) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, "");
    if (!names.includes(name) || argv[i + 1] === undefined) {
      throw new Error(`unexpected argument '${argv[i]}'; accepted: ${names.map((n) => `--${n} VALUE`).join(" ")}`);
    }
    out[name] = argv[i + 1];
  }
  return out;
}

/** Writes RUNDIR/<name>.port atomically once the process listens. */
export function writePortFile(dir, name, port) {
  const file = path.join(dir, `${name}.port`);
  writeFileSync(`${file}.tmp`, `${port}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Closes servers on SIGTERM/SIGINT and exits; exits anyway after 3 s. */
export function onShutdown(close, servers = []) {
  let closing = false;
  const stop = (signal) => {
    if (closing) return;
    closing = true;
    for (const s of servers) s.closeAllConnections?.();
    setTimeout(() => process.exit(0), 3000).unref();
    Promise.resolve(close())
      .catch((e) => console.error(`shutdown (${signal}): ${e.message}`))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
