import { ChatErrorCode } from './chat-frames';

/** What one `chat` event of the gateway means for the reply being streamed. */
export type RunStep =
  | { kind: 'ignore' }
  | { kind: 'delta'; text: string; delta: string }
  | { kind: 'final'; text: string; usage?: ChatUsage }
  | { kind: 'failed'; code: ChatErrorCode; message: string };

interface GatewayChatEvent {
  runId?: unknown;
  state?: unknown;
  deltaText?: unknown;
  message?: { content?: unknown; usage?: unknown; model?: unknown; provider?: unknown };
  usage?: unknown;
  errorMessage?: unknown;
}

/** Tokens and cost of one chat run, as the gateway's final event reports them. */
export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  model: string | null;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined);

/**
 * The usage a final chat event carries, if any: OpenClaw's `{input, output, cost: {total}}` on the message,
 * or the OpenAI-style `{prompt_tokens, completion_tokens}` / `{input_tokens, output_tokens}`; none when it counts nothing.
 */
export function chatUsage(event: GatewayChatEvent): ChatUsage | undefined {
  const raw = (event.message?.usage ?? event.usage) as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return undefined;
  const input = count(raw.input) ?? count(raw.input_tokens) ?? count(raw.prompt_tokens);
  const output = count(raw.output) ?? count(raw.output_tokens) ?? count(raw.completion_tokens);
  const cost = raw.cost as Record<string, unknown> | number | undefined;
  const costUsd = typeof cost === 'number' ? cost : typeof cost?.total === 'number' ? cost.total : 0;
  // OpenClaw 2026.9 puts zeros on the final message of a chat run: nothing to count
  if (!input && !output && !(costUsd > 0)) return undefined;
  const model = typeof event.message?.model === 'string' ? event.message.model : null;
  const provider = typeof event.message?.provider === 'string' ? event.message.provider : null;
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    costUsd: Number.isFinite(costUsd) && costUsd >= 0 ? costUsd : 0,
    model: model ? (provider && !model.includes('/') ? `${provider}/${model}` : model).slice(0, 100) : null,
  };
}

/** The text parts of an OpenClaw message, joined. */
export function messageText(message: { content?: unknown } | undefined): string | undefined {
  if (!message || !Array.isArray(message.content)) return undefined;
  return message.content
    .filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

/**
 * Follows one run's `chat` events (state `status` → `delta`… → `final`, or `error` / `aborted`) and turns each
 * into the step the chat socket shows; the text so far is kept so that a delta without a full message still adds up.
 */
export class ChatRunTracker {
  private text = '';

  constructor(private readonly runIds: Set<string>) {}

  addRunId(runId: string): void {
    this.runIds.add(runId);
  }

  step(payload: unknown): RunStep {
    const event = payload as GatewayChatEvent;
    if (typeof event?.runId !== 'string' || !this.runIds.has(event.runId)) return { kind: 'ignore' };
    const full = messageText(event.message);
    switch (event.state) {
      case 'delta': {
        const delta = typeof event.deltaText === 'string' ? event.deltaText : full !== undefined ? full.slice(this.text.length) : '';
        this.text = full ?? this.text + delta;
        return { kind: 'delta', text: this.text, delta };
      }
      case 'final':
        this.text = full ?? this.text;
        return { kind: 'final', text: this.text, usage: chatUsage(event) };
      case 'error':
      case 'aborted':
        return {
          kind: 'failed',
          code: 'AGENT_UNAVAILABLE',
          message: typeof event.errorMessage === 'string' ? event.errorMessage : `The agent's run ended: ${String(event.state)}`,
        };
      default:
        return { kind: 'ignore' };
    }
  }
}
