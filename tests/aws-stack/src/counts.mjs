// Request counters per (service, action), exposed on GET /_stack/counts.
const MAX_REJECTIONS_KEPT = 50;

export class Counters {
  #by = new Map();
  #total = { requests: 0, rejected: 0, faulted: 0 };
  #rejectedByCode = {};
  #rejections = [];

  #entry(service, action) {
    const key = `${service}\u0000${action}`;
    let e = this.#by.get(key);
    if (!e) {
      e = { service, action, requests: 0, rejected: 0, faulted: 0 };
      this.#by.set(key, e);
    }
    return e;
  }

  request(service, action) {
    this.#entry(service, action).requests += 1;
    this.#total.requests += 1;
  }

  /** A request the verifier refused; `detail` (without secrets) is kept for GET /_stack/rejections. */
  rejected(service, action, code, detail) {
    this.#entry(service, action).rejected += 1;
    this.#total.rejected += 1;
    this.#rejectedByCode[code] = (this.#rejectedByCode[code] ?? 0) + 1;
    this.#rejections.push({ time: new Date().toISOString(), service, action, code, ...detail });
    if (this.#rejections.length > MAX_REJECTIONS_KEPT) this.#rejections.shift();
  }

  faulted(service, action) {
    this.#entry(service, action).faulted += 1;
    this.#total.faulted += 1;
  }

  reset() {
    this.#by.clear();
    this.#total = { requests: 0, rejected: 0, faulted: 0 };
    this.#rejectedByCode = {};
    this.#rejections = [];
  }

  snapshot() {
    const services = {};
    for (const e of this.#by.values()) {
      services[e.service] ??= {};
      services[e.service][e.action] = { requests: e.requests, rejected: e.rejected, faulted: e.faulted };
    }
    return { total: { ...this.#total }, rejectedByCode: { ...this.#rejectedByCode }, services };
  }

  rejections() {
    return [...this.#rejections];
  }
}
