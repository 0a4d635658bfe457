import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent exactly as given: percent escapes, dot segments and all (supertest would normalise it first). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text, cut at `maxBodyBytes`. */
  text: string;
}

export class RequestTimeout extends Error {}

const STREAM_GLANCE_MS = 300;

/** An HTTP/1.1 client for hostile requests: keep-alive, a time limit, and bodies read up to a bound. */
export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly baseUrl: string,
    private readonly options: { timeoutMs: number; maxBodyBytes: number },
  ) {}

  send(raw: RawRequest): Promise<RawResponse> {
    const { hostname, port } = new URL(this.baseUrl);
    const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          hostname,
          port,
          method: raw.method,
          path: raw.path,
          headers: { ...raw.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              text: Buffer.concat(chunks).subarray(0, this.options.maxBodyBytes).toString('utf8'),
            });
          incoming.on('data', (chunk: Buffer) => {
            if (size < this.options.maxBodyBytes) chunks.push(chunk);
            size += chunk.length;
          });
          incoming.on('end', answer);
          incoming.on('error', reject);
          // an event stream never ends: what it says first is the answer
          if (String(incoming.headers['content-type']).startsWith('text/event-stream')) {
            setTimeout(() => {
              answer();
              outgoing.destroy();
            }, STREAM_GLANCE_MS);
          }
        },
      );
      outgoing.setTimeout(this.options.timeoutMs, () => outgoing.destroy(new RequestTimeout(`no answer within ${this.options.timeoutMs} ms`)));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
