import { EmbeddingFailed, EmbeddingProvider, l2Normalize } from './embedding-provider';

const TIMEOUT_MS = 30_000;

export interface OpenAiEmbeddingsOptions {
  /** Base URL: `POST {url}/embeddings`. */
  url: string;
  model: string;
  apiKey?: string;
  dim: number;
}

/** An OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM, LM Studio, …). */
export class OpenAiEmbeddings extends EmbeddingProvider {
  readonly external = true;
  readonly model: string;
  readonly dim: number;

  constructor(private readonly options: OpenAiEmbeddingsOptions) {
    super();
    this.model = options.model;
    this.dim = options.dim;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    let response: Response;
    try {
      response = await fetch(`${this.options.url}/embeddings`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.model, input: texts }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new EmbeddingFailed(`the embeddings endpoint could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new EmbeddingFailed(`the embeddings endpoint answered ${response.status}: ${text.slice(0, 200)}`);
    let body: { data?: Array<{ embedding?: unknown; index?: number }> };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new EmbeddingFailed('the embeddings endpoint answered something that is not JSON');
    }
    const data = Array.isArray(body.data) ? body.data : [];
    if (data.length !== texts.length) throw new EmbeddingFailed(`the embeddings endpoint answered ${data.length} vectors for ${texts.length} texts`);
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map(({ embedding }) => {
      if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
        throw new EmbeddingFailed('the embeddings endpoint answered a vector that is not a list of numbers');
      }
      if (embedding.length !== this.dim) {
        throw new EmbeddingFailed(`model ${this.model} answered vectors of ${embedding.length} dimensions; set EMBEDDING_DIM=${embedding.length}`);
      }
      return l2Normalize(embedding as number[]);
    });
  }
}
