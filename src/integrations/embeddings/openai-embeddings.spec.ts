import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmbeddingFailed } from './embedding-provider';
import { OpenAiEmbeddings } from './openai-embeddings';

describe('OpenAiEmbeddings', () => {
  let server: Server;
  let answer: (input: string[]) => { status: number; body: unknown };
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const { input } = JSON.parse(Buffer.concat(chunks).toString()) as { input: string[] };
        const { status, body } = answer(input);
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers L2-normalised vectors in input order, whatever order the endpoint lists them in', async () => {
    answer = (input) => ({ status: 200, body: { data: input.map((_, index) => ({ index, embedding: [3 * (index + 1), 4 * (index + 1)] })).reverse() } });
    const vectors = await new OpenAiEmbeddings({ url, model: 'm', dim: 2 }).embed(['a', 'b']);
    expect(vectors).toEqual([[0.6, 0.8], [0.6, 0.8]]);
  });

  it('names EMBEDDING_DIM when the model answers another length', async () => {
    answer = () => ({ status: 200, body: { data: [{ index: 0, embedding: [1, 2, 3] }] } });
    await expect(new OpenAiEmbeddings({ url, model: 'm', dim: 2 }).embed(['a'])).rejects.toThrow('set EMBEDDING_DIM=3');
  });

  it('fails on an error status or a malformed answer', async () => {
    answer = () => ({ status: 500, body: { error: 'down' } });
    await expect(new OpenAiEmbeddings({ url, model: 'm', dim: 2 }).embed(['a'])).rejects.toBeInstanceOf(EmbeddingFailed);
    answer = () => ({ status: 200, body: { data: [{ index: 0, embedding: ['x', 1] }] } });
    await expect(new OpenAiEmbeddings({ url, model: 'm', dim: 2 }).embed(['a'])).rejects.toThrow('not a list of numbers');
  });
});
