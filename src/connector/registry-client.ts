const REQUEST_TIMEOUT_MS = 15_000;

export interface Registration {
  gateway_id: string;
  relay_ws_url: string;
  relay_token: string;
  heartbeat_interval_seconds: number;
}

export interface UpstreamStatus {
  gateway_connected: boolean;
  gateway_version?: string;
  rtt_ms?: number;
}

/** Mission Control refused the credential (401/403): retrying the same request cannot help. */
export class RegistryRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Mission Control could not be reached or failed (network error, timeout, 5xx): worth retrying later. */
export class RegistryUnavailableError extends Error {}

/** The gateway-registry endpoints of Mission Control, over fetch. */
export class RegistryClient {
  constructor(private readonly apiUrl: string) {}

  register(body: { registration_token: string; name: string; version?: string; capabilities?: string[] }): Promise<Registration> {
    return this.request<Registration>('POST', '/api/v1/gateway-registry/register', body);
  }

  heartbeat(relayToken: string, status: UpstreamStatus): Promise<{ gateway_id: string; status: string; heartbeat_interval_seconds: number }> {
    return this.request('POST', '/api/v1/gateway-registry/heartbeat', { status }, relayToken);
  }

  private async request<T>(method: string, path: string, body: unknown, bearer?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new RegistryUnavailableError(`${this.apiUrl} is unreachable: ${describe(error)}`);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new RegistryUnavailableError(`${path} answered ${response.status} with a body that is not JSON`);
      }
    }
    const detail = detailOf(text) ?? response.statusText;
    if (response.status === 401 || response.status === 403) throw new RegistryRefusedError(`${path} refused: ${detail}`, response.status);
    if (response.status >= 500 || response.status === 429) throw new RegistryUnavailableError(`${path} answered ${response.status}: ${detail}`);
    throw new RegistryRefusedError(`${path} answered ${response.status}: ${detail}`, response.status);
  }
}

function detailOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { detail?: unknown };
    return typeof body.detail === 'string' ? body.detail : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
