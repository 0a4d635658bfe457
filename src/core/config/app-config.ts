import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AllowedHost, parseAllowedHosts } from './allowed-hosts';
import { EnvironmentVariables } from './environment.schema';
import { GeneratedSecrets, loadOrCreateSecrets } from './secrets';

export class ConfigurationError extends Error {}

/** The model asked of an EMBEDDING_URL when EMBEDDING_MODEL is not set. */
export const DEFAULT_EXTERNAL_EMBEDDING_MODEL = 'text-embedding-3-small';

export type AuthMode = 'local' | 'clerk';

/** The validated, typed configuration every module reads (never process.env directly). */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly embeddedDbPort: number;
  readonly embeddedDbFsync: boolean;
  /** Unset: sized by the engine at each start. */
  readonly embeddedDbSharedBuffersMb?: number;
  readonly dbPoolSize: number;
  readonly redisUrl?: string;
  /** Prefix of every Redis key and channel this deployment uses. */
  readonly redisNamespace: string;
  readonly authMode: AuthMode;
  readonly adminToken: string;
  readonly jwtSecret: string;
  readonly h5JwtSecret: string;
  /** 32 bytes, base64: encrypts secrets the service must read back (webhook secrets, gateway tokens). */
  readonly encryptionKey: string;
  readonly clerk: { jwksUrl?: string; issuer?: string; audience?: string };
  readonly adminJwtTtlSeconds: number;
  readonly loginRateLimit: { limit: number; windowSeconds: number };
  readonly bodyLimit: string;
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
  /** How clients reach this service (relay URLs handed to gateways); unset: taken from the request. */
  readonly publicUrl?: string;
  readonly gateways: { heartbeatSeconds: number; rpcTimeoutMs: number; connectWaitMs: number; chatReplyTimeoutMs: number };
  /** What the ClawPanel API manages: the host's OpenClaw folder and the bridges around it. */
  readonly panel: {
    openclawHome: string;
    openclawConfigPath: string;
    workspaceRoot: string;
    gateway: { url: string; token?: string };
    napcatWebui: { url: string; token?: string };
    onebot: { url: string; accessToken?: string };
    wechat: { url: string; token?: string; callbackSecret: string };
    /** ClawHub (the skill registry) and the npm registry asked for the latest `openclaw`. */
    clawhubUrl: string;
    npmRegistryUrl: string;
  };
  /** Suggestions and the situations the scans look for (minutes). */
  readonly proactive: { suggestionTtlMinutes: number; staleReviewMinutes: number; agentIdleMinutes: number };
  /** Where webhook actions and pipeline stages may send requests (empty: nowhere). */
  readonly outboundAllowedHosts: AllowedHost[];
  /** Knowledge search: where vectors come from (no url: the built-in hashed embedder) and the largest document. */
  readonly embeddings: { url?: string; model: string; apiKey?: string; dim: number };
  readonly knowledgeMaxDocumentBytes: number;
  /** Names of the secrets generated on this start (so the bootstrap can announce the admin token once). */
  readonly generatedSecrets: ReadonlyArray<keyof GeneratedSecrets>;

  constructor(values: Omit<AppConfig, 'usesEmbeddedDatabase'>) {
    Object.assign(this, values);
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.databaseUrl;
  }
}

// a value of the wrong type is reported as such, not by the range it would have had to fit
const TYPE_CONSTRAINTS = ['isInt', 'isString', 'isIn', 'isUrl', 'matches'];

function describeFirstError(errors: ValidationError[], raw: Record<string, unknown>): string {
  const first = errors[0];
  const constraints = first.constraints ?? {};
  const key = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  const message = constraints[key] ?? `${first.property} is invalid`;
  const given = raw[first.property];
  const shown = /TOKEN|SECRET|PASSWORD|URL|KEY/.test(first.property) ? '' : ` (got ${JSON.stringify(given)})`;
  return `Invalid configuration: ${message}${shown}`;
}

/** Validates the environment; throws ConfigurationError with one line naming the bad variable. */
export function parseEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new EnvironmentVariables())) raw[key] = env[key];
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'LOCAL_AUTH_TOKEN', 'ADMIN_TOKEN', 'JWT_SECRET', 'H5_JWT_SECRET', 'ENCRYPTION_KEY',
    'CLERK_JWKS_URL', 'CLERK_ISSUER', 'CLERK_AUDIENCE', 'EMBEDDING_URL', 'EMBEDDING_MODEL', 'EMBEDDING_API_KEY']) raw[key] = env[key];
  for (const key of Object.keys(raw)) if (raw[key] === undefined || raw[key] === '') delete raw[key];

  const parsed = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigurationError(describeFirstError(errors, raw));
  for (const required of ['CLERK_JWKS_URL', 'CLERK_ISSUER'] as const) {
    if (parsed.AUTH_MODE === 'clerk' && !parsed[required]) {
      throw new ConfigurationError(`Invalid configuration: ${required} is required when AUTH_MODE=clerk`);
    }
  }
  if (parsed.LOCAL_AUTH_TOKEN && parsed.ADMIN_TOKEN && parsed.LOCAL_AUTH_TOKEN !== parsed.ADMIN_TOKEN) {
    throw new ConfigurationError('Invalid configuration: LOCAL_AUTH_TOKEN and ADMIN_TOKEN are aliases and must match when both are set');
  }
  return parsed;
}

function allowedHostsOf(value: string | undefined): AllowedHost[] {
  try {
    return parseAllowedHosts(value);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration: ${(error as Error).message}`);
  }
}

/**
 * Instances of one deployment share its database; two deployments may share a Redis. So the database names the
 * deployment: its server and name (credentials aside), or the embedded engine's data directory.
 */
function deploymentNamespace(databaseUrl: string | undefined, dataDir: string): string {
  let identity = `embedded:${dataDir}`;
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  }
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** Builds the application config: validated environment plus secrets kept in DATA_DIR. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = parseEnvironment(env);
  const dataDir = resolve(vars.DATA_DIR);
  const { secrets, generated } = loadOrCreateSecrets(dataDir, {
    adminToken: vars.LOCAL_AUTH_TOKEN ?? vars.ADMIN_TOKEN,
    jwtSecret: vars.JWT_SECRET,
    h5JwtSecret: vars.H5_JWT_SECRET,
    encryptionKey: vars.ENCRYPTION_KEY,
    wechatCallbackSecret: vars.WECHAT_CALLBACK_SECRET,
  });
  const openclawHome = resolve(vars.OPENCLAW_HOME ?? join(homedir(), '.openclaw'));
  if (secrets.jwtSecret === secrets.h5JwtSecret) {
    throw new ConfigurationError('Invalid configuration: H5_JWT_SECRET must differ from JWT_SECRET');
  }
  return new AppConfig({
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databaseUrl: vars.DATABASE_URL,
    embeddedDbPort: vars.EMBEDDED_DB_PORT,
    embeddedDbFsync: vars.EMBEDDED_DB_FSYNC === 'on',
    embeddedDbSharedBuffersMb: vars.EMBEDDED_DB_SHARED_BUFFERS_MB,
    dbPoolSize: vars.DB_POOL_SIZE,
    redisUrl: vars.REDIS_URL,
    redisNamespace: vars.REDIS_NAMESPACE ?? deploymentNamespace(vars.DATABASE_URL, dataDir),
    authMode: vars.AUTH_MODE,
    adminToken: secrets.adminToken,
    jwtSecret: secrets.jwtSecret,
    h5JwtSecret: secrets.h5JwtSecret,
    encryptionKey: secrets.encryptionKey,
    clerk: { jwksUrl: vars.CLERK_JWKS_URL, issuer: vars.CLERK_ISSUER, audience: vars.CLERK_AUDIENCE },
    adminJwtTtlSeconds: vars.ADMIN_JWT_TTL_SECONDS,
    loginRateLimit: { limit: vars.LOGIN_RATE_LIMIT, windowSeconds: vars.LOGIN_RATE_WINDOW_SECONDS },
    bodyLimit: vars.BODY_LIMIT,
    logLevel: vars.LOG_LEVEL,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    outboundAllowedHosts: allowedHostsOf(vars.OUTBOUND_ALLOWED_HOSTS),
    proactive: {
      suggestionTtlMinutes: vars.SUGGESTION_TTL_MINUTES,
      staleReviewMinutes: vars.STALE_REVIEW_MINUTES,
      agentIdleMinutes: vars.AGENT_IDLE_MINUTES,
    },
    publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ''),
    gateways: {
      heartbeatSeconds: vars.GATEWAY_HEARTBEAT_SECONDS,
      rpcTimeoutMs: vars.GATEWAY_RPC_TIMEOUT_MS,
      connectWaitMs: vars.GATEWAY_CONNECT_WAIT_MS,
      chatReplyTimeoutMs: vars.CHAT_REPLY_TIMEOUT_MS,
    },
    panel: {
      openclawHome,
      openclawConfigPath: resolve(vars.OPENCLAW_CONFIG_PATH ?? join(openclawHome, 'openclaw.json')),
      workspaceRoot: resolve(vars.OPENCLAW_WORKSPACE ?? join(openclawHome, 'workspace')),
      gateway: { url: vars.OPENCLAW_GATEWAY_URL, token: vars.OPENCLAW_GATEWAY_TOKEN },
      napcatWebui: { url: vars.NAPCAT_WEBUI_URL.replace(/\/+$/, ''), token: vars.NAPCAT_WEBUI_TOKEN },
      onebot: { url: vars.ONEBOT_WS_URL, accessToken: vars.ONEBOT_ACCESS_TOKEN },
      wechat: { url: vars.WECHAT_WEBHOOK_URL.replace(/\/+$/, ''), token: vars.WECHAT_TOKEN, callbackSecret: secrets.wechatCallbackSecret },
      clawhubUrl: vars.CLAWHUB_URL.replace(/\/+$/, ''),
      npmRegistryUrl: vars.NPM_REGISTRY_URL.replace(/\/+$/, ''),
    },
    embeddings: {
      url: vars.EMBEDDING_URL?.replace(/\/+$/, ''),
      model: vars.EMBEDDING_MODEL ?? (vars.EMBEDDING_URL ? DEFAULT_EXTERNAL_EMBEDDING_MODEL : 'builtin-hashed-v1'),
      apiKey: vars.EMBEDDING_API_KEY,
      dim: vars.EMBEDDING_DIM,
    },
    knowledgeMaxDocumentBytes: vars.KNOWLEDGE_MAX_DOCUMENT_BYTES,
    generatedSecrets: generated,
  });
}
