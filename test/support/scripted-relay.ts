import { FrameClient, Frame } from './ws-client';

export type RpcHandler = (method: string, params: Record<string, unknown>, frame: Frame) => unknown | Promise<unknown>;

/**
 * A connector played by the test: it opens the relay socket, authenticates and answers `rpc` frames with a
 * handler, so a suite can script exactly what the "gateway" says and when it goes away.
 */
export class ScriptedRelay {
  readonly calls: Array<{ method: string; params: Record<string, unknown> }> = [];

  private constructor(
    readonly client: FrameClient,
    private handler: RpcHandler,
  ) {
    client.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === 'rpc') void this.answer(frame);
    });
  }

  static async connect(relayUrl: string, relayToken: string, handler: RpcHandler): Promise<ScriptedRelay> {
    const client = await FrameClient.connect(relayUrl);
    const relay = new ScriptedRelay(client, handler);
    client.send({ type: 'auth', payload: { relay_token: relayToken } });
    await client.next((f) => f.type === 'auth_ok' || f.type === 'auth_error');
    return relay;
  }

  get authenticated(): boolean {
    return this.client.frames.some((f) => f.type === 'auth_ok');
  }

  respondWith(handler: RpcHandler): void {
    this.handler = handler;
  }

  /** A `chat` event of the gateway, as the connector forwards it. */
  chatEvent(data: Record<string, unknown>): void {
    this.client.send({ type: 'event', payload: { event: 'chat', data } });
  }

  close(): void {
    this.client.close();
  }

  private async answer(frame: Frame): Promise<void> {
    const { method, params } = frame.payload as { method: string; params: Record<string, unknown> };
    this.calls.push({ method, params });
    try {
      const result = await this.handler(method, params, frame);
      this.client.send({ type: 'rpc_result', id: frame.id, payload: { ok: true, result } });
    } catch (error) {
      this.client.send({ type: 'rpc_result', id: frame.id, payload: { ok: false, error: { code: 'INVALID_REQUEST', message: (error as Error).message } } });
    }
  }
}

/** What a gateway's `chat` event for a run looks like. */
export const chatEvent = (runId: string, state: 'delta' | 'final', text: string, deltaText?: string) => ({
  runId,
  sessionKey: 'agent:main:test',
  state,
  ...(deltaText !== undefined ? { deltaText } : {}),
  message: { role: 'assistant', content: [{ type: 'text', text }] },
});
