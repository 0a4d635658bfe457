import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { GatewayAuthError, OpenClawGatewayClient } from '../../../integrations/openclaw-gateway';

interface PooledClient {
  client: OpenClawGatewayClient;
  fingerprint: string;
  /** Settles once: the first hello, or the refusal that stopped the client. */
  started: Promise<void>;
  refusal?: GatewayAuthError;
  /** After one full wait for a first connection, callers stop waiting: an unreachable gateway fails fast. */
  waited: boolean;
}

export const SERVICE_CLIENT_NAME = 'openclaw-mission-control';

/** One long-lived operator connection per directly reachable gateway, opened on first use and kept up. */
@Injectable()
export class DirectLinkPool implements OnApplicationShutdown {
  private readonly logger = new Logger('DirectLinkPool');
  private readonly pooled = new Map<string, PooledClient>();

  /**
   * The gateway's client once it is connected, waiting at most `waitMs` for a first connection;
   * undefined when it is not reachable now (it keeps trying in the background).
   */
  async connected(gatewayId: string, url: string, token: string, waitMs: number): Promise<OpenClawGatewayClient | undefined> {
    const entry = this.entryFor(gatewayId, url, token);
    if (entry.refusal) throw entry.refusal;
    if (entry.client.isReady) return entry.client;
    if (entry.waited) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([entry.started, waited]);
    clearTimeout(timer);
    entry.waited = true;
    if (entry.refusal) throw entry.refusal;
    return entry.client.isReady ? entry.client : undefined;
  }

  /** Forgets a gateway's connection (its URL or token changed, or it was deleted). */
  async drop(gatewayId: string): Promise<void> {
    const entry = this.pooled.get(gatewayId);
    this.pooled.delete(gatewayId);
    await entry?.client.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pooled.keys()].map((id) => this.drop(id)));
  }

  private entryFor(gatewayId: string, url: string, token: string): PooledClient {
    const fingerprint = `${url}\n${token}`;
    const existing = this.pooled.get(gatewayId);
    if (existing?.fingerprint === fingerprint) return existing;
    if (existing) void existing.client.close();
    const client = new OpenClawGatewayClient({ url, token, clientName: SERVICE_CLIENT_NAME, logger: this.logger });
    client.on('error', (error) => this.logger.debug({ gatewayId, err: error.message }, 'Gateway client error'));
    const entry: PooledClient = { client, fingerprint, started: Promise.resolve(), waited: false };
    entry.started = client.start().then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof GatewayAuthError) entry.refusal = error;
      },
    );
    this.pooled.set(gatewayId, entry);
    return entry;
  }
}
