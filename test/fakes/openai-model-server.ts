import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** How the next streamed replies end: normally, or stuck / cut after some words (the "gateway goes away mid-reply" cases). */
export type ReplyBehaviour = { kind: 'normal' } | { kind: 'hang'; afterWords: number } | { kind: 'cut'; afterWords: number };

export interface FakeModelServerOptions {
  /** Pause between streamed words. */
  wordDelayMs?: number;
  modelId?: string;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
}

/**
 * An OpenAI-compatible model server that answers every chat with `echo: <user text>`,
 * so a chat through a real OpenClaw gateway runs offline and deterministically.
 */
export class FakeModelServer {
  behaviour: ReplyBehaviour = { kind: 'normal' };
  readonly counts = { models: 0, chatCompletions: 0, streamed: 0 };
  /** The user text of every chat request, in order. */
  readonly userTexts: string[] = [];

  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly options: Required<FakeModelServerOptions>,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static start(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
    const server = createServer();
    const fake = new FakeModelServer(server, { wordDelayMs: 15, modelId: 'fake-1', ...options });
    server.on('request', (request, response) => void fake.handle(request, response));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(fake));
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What goes into a provider's `baseUrl`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  get modelId(): string {
    return this.options.modelId;
  }

  /** The answer the server gives to `userText`. */
  static answerFor(userText: string): string {
    return `echo: ${userText}`;
  }

  /** Ends every hanging reply with `[DONE]` right where it stopped. */
  releaseHanging(): void {
    for (const response of this.hanging) response.end('data: [DONE]\n\n');
    this.hanging.clear();
  }

  async close(): Promise<void> {
    this.hanging.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0].replace(/\/+$/, '');
    const body = await readBody(request);
    if (request.method === 'GET' && path.endsWith('/models')) {
      this.counts.models++;
      return sendJson(response, 200, { object: 'list', data: [{ id: this.options.modelId, object: 'model', created: 0, owned_by: 'fake' }] });
    }
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      let parsed: { messages?: ChatMessage[]; stream?: boolean };
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(response, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
      }
      this.counts.chatCompletions++;
      const userText = lastUserText(parsed.messages ?? []);
      this.userTexts.push(userText);
      const answer = FakeModelServer.answerFor(userText);
      if (parsed.stream) {
        this.counts.streamed++;
        return this.stream(response, answer);
      }
      return sendJson(response, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: this.options.modelId,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage: usage(userText, answer),
      });
    }
    sendJson(response, 404, { error: { message: `no route ${request.method} ${path}`, type: 'not_found' } });
  }

  private async stream(response: ServerResponse, answer: string): Promise<void> {
    const behaviour = this.behaviour;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model: this.options.modelId, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;

    const words = answer.split(' ');
    for (let index = 0; index < words.length; index++) {
      if (behaviour.kind !== 'normal' && index === behaviour.afterWords) {
        if (behaviour.kind === 'cut') response.socket?.destroy();
        else this.hanging.add(response);
        return;
      }
      const content = (index === 0 ? '' : ' ') + words[index];
      response.write(chunk(index === 0 ? { role: 'assistant', content } : { content }, null));
      await new Promise((resolve) => setTimeout(resolve, this.options.wordDelayMs));
      if (response.destroyed) return;
    }
    response.write(chunk({}, 'stop', { usage: usage('', answer) }));
    response.end('data: [DONE]\n\n');
  }
}

const INTERNAL_CONTEXT = /<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>[\s\S]*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>/g;

/**
 * What the user typed in the latest turn. OpenClaw wraps it: a `[<time>] ` prefix, a `Runtime: …` line after it,
 * and its own context blocks (sometimes as a separate user message, sometimes as text parts); those are dropped.
 */
export function lastUserText(messages: ChatMessage[]): string {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user') continue;
    const text = userWords(contentText(message.content));
    if (text) return text;
  }
  return '';
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

function userWords(text: string): string {
  const lines: string[] = [];
  for (const line of text.replace(INTERNAL_CONTEXT, '').split('\n')) {
    if (/^Runtime: /.test(line.trim())) break;
    lines.push(line);
  }
  return lines
    .join('\n')
    .trim()
    .replace(/^\[[^\]\n]*\]\s*/, '')
    .trim();
}

function usage(prompt: string, answer: string) {
  const promptTokens = prompt.split(/\s+/).filter(Boolean).length;
  const completionTokens = answer.split(/\s+/).filter(Boolean).length;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
