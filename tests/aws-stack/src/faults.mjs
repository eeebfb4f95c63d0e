// Fault injection, set through the control API (POST /_stack/faults).
//
// A fault: { id, service?, action?, kind, count, seconds?, ms? }
//   kind "500" | "503" | "throttle": an AWS-shaped error instead of the real answer
//   kind "drop":      the connection is destroyed without an answer
//   kind "malformed": the real answer, truncated to half its body, with status 200
//   kind "delay":     the answer is held back `ms` milliseconds (default 1000)
//   kind "down":      every matching request has its connection destroyed (service outage)
//   kind "skew":      the front's clock runs `seconds` (default 3600) off for matching requests:
//                     X-Amz-Date is checked against the skewed clock and the Date header shows it
// count: how many matching requests the fault applies to (default 1; "down" and "skew"
// default to unlimited). count -1 or "always" means unlimited.
const KINDS = new Set(["500", "503", "throttle", "drop", "malformed", "delay", "down", "skew"]);
const MAX_FAULTS = 100;

export class FaultTable {
  #faults = [];
  #nextId = 1;

  list() {
    return this.#faults.map((f) => ({ ...f, count: f.count === Infinity ? "always" : f.count }));
  }

  clear() {
    this.#faults = [];
  }

  remove(id) {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((f) => f.id !== Number(id));
    return this.#faults.length !== before;
  }

  /** Validates and adds one fault spec; returns the stored fault or throws Error(message). */
  add(spec) {
    if (typeof spec !== "object" || spec === null) throw new Error("a fault must be a JSON object");
    const kind = String(spec.kind ?? "");
    if (!KINDS.has(kind)) throw new Error(`unknown fault kind '${kind}'; expected one of ${[...KINDS].join(", ")}`);
    if (this.#faults.length >= MAX_FAULTS) throw new Error(`at most ${MAX_FAULTS} faults at once`);
    const unlimitedByDefault = kind === "down" || kind === "skew";
    let count = spec.count ?? (unlimitedByDefault ? "always" : 1);
    if (count === "always" || count === -1) count = Infinity;
    if (count !== Infinity && !(Number.isInteger(count) && count >= 1)) throw new Error("count must be a positive integer, -1 or \"always\"");
    const fault = { id: this.#nextId++, kind, count };
    if (spec.service !== undefined) fault.service = String(spec.service);
    if (spec.action !== undefined) fault.action = String(spec.action);
    if (kind === "skew") {
      const seconds = spec.seconds ?? 3600;
      if (!Number.isFinite(seconds)) throw new Error("seconds must be a number");
      fault.seconds = seconds;
    }
    if (kind === "delay") {
      const ms = spec.ms ?? 1000;
      if (!Number.isFinite(ms) || ms < 0 || ms > 120000) throw new Error("ms must be between 0 and 120000");
      fault.ms = ms;
    }
    this.#faults.push(fault);
    return { ...fault, count: fault.count === Infinity ? "always" : fault.count };
  }

  #matches(f, service, action) {
    return (f.service === undefined || f.service === service) && (f.action === undefined || f.action === action);
  }

  /** Clock offset in ms for a request (skew faults never run out by use). */
  clockOffsetMs(service, action) {
    const f = this.#faults.find((x) => x.kind === "skew" && this.#matches(x, service, action));
    return f ? f.seconds * 1000 : 0;
  }

  /** True when the service is down for this request. */
  isDown(service, action) {
    return this.#faults.some((x) => x.kind === "down" && this.#matches(x, service, action));
  }

  /** Takes (consumes one use of) the first matching per-request fault, or undefined. */
  take(service, action) {
    const i = this.#faults.findIndex((x) => x.kind !== "skew" && x.kind !== "down" && this.#matches(x, service, action));
    if (i < 0) return undefined;
    const f = this.#faults[i];
    if (f.count !== Infinity) {
      f.count -= 1;
      if (f.count <= 0) this.#faults.splice(i, 1);
    }
    return { ...f };
  }
}
