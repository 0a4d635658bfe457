import { ChatErrorCode } from './chat-frames';

/** What one `chat` event of the gateway means for the reply being streamed. */
export type RunStep =
  | { kind: 'ignore' }
  | { kind: 'delta'; text: string; delta: string }
  | { kind: 'final'; text: string }
  | { kind: 'failed'; code: ChatErrorCode; message: string };

interface GatewayChatEvent {
  runId?: unknown;
  state?: unknown;
  deltaText?: unknown;
  message?: { content?: unknown };
  errorMessage?: unknown;
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
        return { kind: 'final', text: this.text };
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
