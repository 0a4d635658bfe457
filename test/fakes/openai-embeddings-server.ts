import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** Words the fake treats as one meaning each: its vectors put synonyms together, as a real model would. */
const CONCEPTS = [
  ['备份', '存档', 'backup', 'archive'],
  ['网关', 'gateway'],
  ['数据库', 'database'],
  ['升级', 'upgrade'],
  ['日历', 'calendar'],
  ['发布', 'release'],
];

/**
 * An OpenAI-compatible `POST /embeddings` on a loopback socket. Vectors have one dimension per concept in
 * CONCEPTS (the rest zero), so "存档" is near "备份"; every request is recorded with its model and inputs.
 */
export class FakeEmbeddingsServer {
  readonly requests: Array<{ model: string; input: string[]; authorization?: string }> = [];
  private server?: Server;

  private constructor(readonly dim: number) {}

  static async start(dim = 16): Promise<FakeEmbeddingsServer> {
    const fake = new FakeEmbeddingsServer(dim);
    fake.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
          response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] };
        const input = Array.isArray(body.input) ? body.input : [body.input];
        fake.requests.push({ model: body.model, input, authorization: request.headers.authorization });
        const data = input.map((text, index) => ({ object: 'embedding', index, embedding: fake.vectorOf(text) }));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model: body.model, data }));
      });
    });
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  vectorOf(text: string): number[] {
    const lower = text.toLowerCase();
    const vector: number[] = new Array<number>(this.dim).fill(0);
    CONCEPTS.forEach((words, index) => {
      if (words.some((word) => lower.includes(word))) vector[index] = 1;
    });
    // a text with none of the concepts still gets a vector (a real model never answers zeros)
    if (!vector.some((value) => value !== 0)) vector[this.dim - 1] = 1;
    return vector;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
