import { EventEmitter, once } from 'node:events';
import { backoffDelay, GatewayAuthError, OpenClawGatewayClient } from '../integrations/openclaw-gateway';
import { Bridge } from './bridge';
import { ConnectorLog, silentLog } from './connector-log';
import { ConnectorOptions } from './connector-options';
import { ConnectorState, loadState, saveState } from './connector-state';
import { RegistryClient, RegistryRefusedError, RegistryUnavailableError } from './registry-client';
import { RelaySocket } from './relay-socket';

/** Something the connector cannot get past by waiting: it stops, and the command exits with this message. */
export class ConnectorError extends Error {}

export interface StartConnectorOptions extends ConnectorOptions {
  log?: ConnectorLog;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the relay socket is pinged (a missed pong ends it). */
  relayPingIntervalMs?: number;
}

interface ConnectorEvents {
  'relay-connected': [];
  'relay-disconnected': [reason: string];
  fatal: [error: Error];
}

/**
 * Registers (or reuses the saved registration), then keeps two links up: to the local gateway and to
 * Mission Control's relay, bridging calls one way and chat events the other, with an HTTP heartbeat.
 */
export async function startConnector(options: StartConnectorOptions): Promise<Connector> {
  const connector = new Connector(options);
  await connector.start();
  return connector;
}

export class Connector extends EventEmitter<ConnectorEvents> {
  /** Resolves when the connector has stopped: with the error that stopped it, or undefined after stop(). */
  readonly finished: Promise<Error | undefined>;

  private registration?: ConnectorState;
  private readonly log: ConnectorLog;
  private readonly registry: RegistryClient;
  private readonly gateway: OpenClawGatewayClient;
  private readonly bridge: Bridge;
  private relay?: RelaySocket;
  private stopped = false;
  private heartbeatTimer?: NodeJS.Timeout;
  private heartbeatIntervalMs = 30_000;
  private apiDown = false;
  private readonly wakers = new Set<() => void>();
  private finish!: (error: Error | undefined) => void;

  constructor(private readonly options: StartConnectorOptions) {
    super();
    this.log = options.log ?? silentLog;
    this.registry = new RegistryClient(options.apiUrl);
    this.gateway = new OpenClawGatewayClient({
      url: options.gatewayUrl,
      token: options.gatewayToken,
      clientName: `mission-control-connector (${options.name})`,
      minBackoffMs: options.minBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
    });
    this.bridge = new Bridge(this.gateway);
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get state(): ConnectorState {
    if (!this.registration) throw new Error('the connector has not registered yet');
    return this.registration;
  }

  get relayConnected(): boolean {
    return this.relay?.isOpen ?? false;
  }

  get gatewayConnected(): boolean {
    return this.gateway.isReady;
  }

  async start(): Promise<void> {
    this.registration = await this.obtainRegistration();
    this.heartbeatIntervalMs = this.registration.heartbeat_interval_seconds * 1000;

    this.gateway.on('ready', (hello) => {
      this.log('gateway connected', { gateway_url: this.options.gatewayUrl, version: hello.serverVersion, protocol: hello.protocol });
      this.bridge.sendStatus();
    });
    this.gateway.on('disconnected', (reason) => {
      this.log('gateway disconnected', { gateway_url: this.options.gatewayUrl, reason });
      this.bridge.sendStatus();
    });
    this.log('connecting to the gateway', { gateway_url: this.options.gatewayUrl });
    this.gateway.start().catch((error: unknown) => {
      if (error instanceof GatewayAuthError) this.fail(new ConnectorError(`the gateway at ${this.options.gatewayUrl} refused the gateway token: ${error.message}`));
    });

    this.relayLoop().catch((error: unknown) => this.fail(new ConnectorError(`the relay loop failed: ${error instanceof Error ? error.message : String(error)}`)));
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), 0);
  }

  /** Closes both links; the registration stays, so the next start reuses the gateway. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.heartbeatTimer);
    this.wakers.forEach((wake) => wake());
    await Promise.all([this.relay?.close(), this.gateway.close()]);
    this.log('stopped');
    this.finish(undefined);
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.log('fatal', { error: error.message });
    this.finish(error);
    if (this.listenerCount('fatal') > 0) this.emit('fatal', error);
    void this.stop();
  }

  private async obtainRegistration(): Promise<ConnectorState> {
    const saved = loadState(this.options.stateFile, { apiUrl: this.options.apiUrl, name: this.options.name });
    if (saved) {
      this.log('using the saved registration', { gateway_id: saved.gateway_id, state_file: this.options.stateFile });
      return saved;
    }
    if (!this.options.registrationToken) {
      throw new ConnectorError(
        `no saved registration for "${this.options.name}" at ${this.options.apiUrl} in ${this.options.stateFile}, and no --registration-token to register with`,
      );
    }
    return this.register(this.options.registrationToken);
  }

  private async register(token: string): Promise<ConnectorState> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.registry.register({ registration_token: token, name: this.options.name });
        const state: ConnectorState = {
          api_url: this.options.apiUrl,
          name: this.options.name,
          gateway_id: answer.gateway_id,
          relay_ws_url: answer.relay_ws_url,
          relay_token: answer.relay_token,
          heartbeat_interval_seconds: answer.heartbeat_interval_seconds,
          registered_at: new Date().toISOString(),
        };
        saveState(this.options.stateFile, state);
        this.apiDown = false;
        this.log('registered', { gateway_id: state.gateway_id, name: state.name, state_file: this.options.stateFile });
        return state;
      } catch (error) {
        if (error instanceof RegistryRefusedError) throw new ConnectorError(`Mission Control refused the registration: ${error.message}`);
        if (!(error instanceof RegistryUnavailableError)) throw error;
        this.noteApiDown(error.message);
      }
      if (!(await this.sleep(this.backoff(attempt)))) throw new ConnectorError('stopped before registering');
    }
  }

  private async relayLoop(): Promise<void> {
    let attempt = 0;
    let reregistered = false;
    let downLogged = false;
    while (!this.stopped) {
      const registration = this.state;
      const result = await RelaySocket.open(registration.relay_ws_url, registration.relay_token, this.options.relayPingIntervalMs);
      if (this.stopped) {
        if (result.kind === 'open') await result.relay.close();
        return;
      }
      if (result.kind === 'open') {
        attempt = 0;
        reregistered = false;
        downLogged = false;
        await this.serve(result.relay, result.config.rpcTimeoutMs, result.config.heartbeatIntervalSeconds);
        if (this.stopped) return;
      } else if (result.kind === 'refused') {
        if (reregistered) return this.fail(new ConnectorError(`the relay refused the new registration too (${result.reason})`));
        const token = this.options.registrationToken;
        if (!token) {
          return this.fail(new ConnectorError(`Mission Control refused the saved relay token (${result.reason}) and there is no --registration-token to register again`));
        }
        this.log('relay token refused; registering again', { reason: result.reason });
        try {
          this.registration = await this.register(token);
        } catch (error) {
          return this.fail(error instanceof ConnectorError ? error : new ConnectorError(String(error)));
        }
        reregistered = true;
        continue;
      } else if (!downLogged) {
        downLogged = true;
        this.log('relay unavailable; retrying', { reason: result.reason });
      }
      if (!(await this.sleep(this.backoff(attempt++)))) return;
    }
  }

  /** One authenticated relay connection, until it closes. */
  private async serve(relay: RelaySocket, rpcTimeoutMs?: number, heartbeatSeconds?: number): Promise<void> {
    this.relay = relay;
    if (rpcTimeoutMs && rpcTimeoutMs > 0) this.bridge.defaultTimeoutMs = rpcTimeoutMs;
    if (heartbeatSeconds && heartbeatSeconds > 0) this.heartbeatIntervalMs = heartbeatSeconds * 1000;
    this.log('relay connected', { gateway_id: this.state.gateway_id });
    this.emit('relay-connected');
    const closed = once(relay, 'closed') as Promise<[string]>;
    this.bridge.attach((frame) => relay.send(frame));
    relay.onRpc((frame) => void this.bridge.handle(frame, (answer) => relay.send(answer)));
    this.bridge.sendStatus();
    const [reason] = await closed;
    this.bridge.detach();
    this.relay = undefined;
    if (this.stopped) return;
    this.log('relay disconnected', { reason });
    this.emit('relay-disconnected', reason);
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    if (this.gateway.isReady) await this.gateway.measureRoundTrip().catch(() => undefined);
    try {
      const answer = await this.registry.heartbeat(this.state.relay_token, this.bridge.status());
      if (this.apiDown) this.log('Mission Control reachable again', { api: this.options.apiUrl });
      this.apiDown = false;
      if (answer.heartbeat_interval_seconds > 0) this.heartbeatIntervalMs = answer.heartbeat_interval_seconds * 1000;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) this.noteApiDown(error.message);
      else this.log('heartbeat failed', { reason: error instanceof Error ? error.message : String(error) });
    }
    this.bridge.sendStatus();
    if (!this.stopped) this.heartbeatTimer = setTimeout(() => void this.heartbeat(), this.heartbeatIntervalMs);
  }

  private noteApiDown(reason: string): void {
    if (this.apiDown) return;
    this.apiDown = true;
    this.log('Mission Control unreachable; retrying', { api: this.options.apiUrl, reason });
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.options.minBackoffMs ?? 500, this.options.maxBackoffMs ?? 30_000);
  }

  /** False when the connector stopped during the wait. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(!this.stopped);
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
