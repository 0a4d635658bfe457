import { GatewayCaller, GatewayHello, OpenClawGatewayClient } from '../../../integrations/openclaw-gateway';

export interface PanelGatewayTarget {
  url: string;
  token?: string;
}

/** A gateway that is down must not hold a panel page for long. */
export const PANEL_GATEWAY_TIMEOUT_MS = 4_000;

/**
 * One short operator session with the host's gateway (OPENCLAW_GATEWAY_URL / _TOKEN): connect,
 * run `work`, close. Rejects quickly when nothing listens there; callers fall back to other sources.
 */
export async function withPanelGateway<T>(
  target: PanelGatewayTarget,
  work: (gateway: GatewayCaller, hello: GatewayHello) => Promise<T>,
  timeoutMs = PANEL_GATEWAY_TIMEOUT_MS,
): Promise<T> {
  const client = new OpenClawGatewayClient({
    url: target.url,
    token: target.token ?? '',
    clientName: 'clawpanel-system',
    reconnect: false,
    handshakeTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
  });
  try {
    const hello = await client.start();
    return await work(client, hello);
  } finally {
    await client.close();
  }
}
