import { Worker } from 'node:worker_threads';

/** What the worker reports of each schema violation (the fields of Ajv's ErrorObject the panel reads). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Runs in the worker: compiles the schema once with Ajv (seconds for OpenClaw's ~0.5 MB schema), then answers
 * each `{id, config}` with `{id, errors}`. Plain JavaScript, evaluated as is (no build step, works under Jest).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Ajv = require(workerData.ajvPath).default;
// OpenClaw's patterns and unions are written for its own validator: no strict-mode lint, no format checks.
// useDefaults: OpenClaw fills schema defaults before it checks (a channel's dmPolicy, say), so must we.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false, useDefaults: true, code: { optimize: false } });
const validate = ajv.compile(JSON.parse(workerData.schema));
parentPort.on('message', ({ id, config }) => {
  try {
    const ok = validate(config);
    const errors = ok ? null : (validate.errors || []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, message: e.message }));
    parentPort.postMessage({ id, errors });
  } catch (error) {
    parentPort.postMessage({ id, failure: String(error && error.stack || error) });
  }
});
`;

type Pending = { worker: Worker; resolve: (errors: SchemaError[] | null) => void; reject: (error: Error) => void };

/**
 * JSON-schema validation on a worker thread, so that compiling a large schema never blocks the event loop:
 * started on first use (or `warmUp()`), its messages queue while it compiles. A worker that dies is replaced
 * on the next call; `close()` ends it.
 */
export class SchemaWorker {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly schemaJson: string) {}

  warmUp(): void {
    this.ensure();
  }

  /** `null` when the value is valid, else the violations. */
  validate(value: unknown): Promise<SchemaError[] | null> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.ref(); // an answer is awaited: keep the process alive until it comes
      worker.postMessage({ id, config: value });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ajvPath: require.resolve('ajv'), schema: this.schemaJson } });
    worker.unref();
    worker.on('message', (answer: { id: number; errors?: SchemaError[] | null; failure?: string }) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (![...this.pending.values()].some((other) => other.worker === worker)) worker.unref();
      if (answer.failure) waiting.reject(new Error(`schema validation failed: ${answer.failure}`));
      else waiting.resolve(answer.errors ?? null);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the schema validation worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
