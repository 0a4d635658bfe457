import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const trimmedOrUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

/** Every environment variable the service reads, with its rule and default (DESIGN §9). */
export class EnvironmentVariables {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 8000;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  HOST = '0.0.0.0';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  DATA_DIR = './data';

  @IsOptional() @Transform(trimmedOrUndefined)
  @IsUrl({ ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] }, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  EMBEDDED_DB_PORT = 0;

  /** `off` trades durability against power loss (not against a process crash) for write throughput. */
  @IsOptional() @IsIn(['on', 'off'])
  EMBEDDED_DB_FSYNC: 'on' | 'off' = 'on';

  /** Unset: 32 MB, more when the vector indexes need it (the engine sizes it at each start). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(4096)
  EMBEDDED_DB_SHARED_BUFFERS_MB?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  @IsOptional() @Transform(trimmedOrUndefined)
  @IsUrl({ ...URL_OPTIONS, protocols: ['redis', 'rediss'] }, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Keeps deployments that share one Redis apart; by default derived from the database (see AppConfig). */
  @IsOptional() @Transform(trimmedOrUndefined) @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'REDIS_NAMESPACE must be 1-64 letters, digits, _ or -' })
  REDIS_NAMESPACE?: string;

  @IsOptional() @IsIn(['local', 'clerk'])
  AUTH_MODE: 'local' | 'clerk' = 'local';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MinLength(16) @MaxLength(512)
  LOCAL_AUTH_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MinLength(16) @MaxLength(512)
  ADMIN_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MinLength(32)
  H5_JWT_SECRET?: string;

  @IsOptional() @Transform(trimmedOrUndefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)' })
  ENCRYPTION_KEY?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  CLERK_JWKS_URL?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  CLERK_ISSUER?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  CLERK_AUDIENCE?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(60) @Max(30 * 24 * 3600)
  ADMIN_JWT_TTL_SECONDS = 12 * 3600;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000)
  LOGIN_RATE_LIMIT = 10;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3600)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  @IsOptional() @Transform(trimmedOrUndefined) @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '1mb';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3600)
  GATEWAY_HEARTBEAT_SECONDS = 30;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(600_000)
  GATEWAY_RPC_TIMEOUT_MS = 30_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000)
  GATEWAY_CONNECT_WAIT_MS = 3_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) @Max(3_600_000)
  CHAT_REPLY_TIMEOUT_MS = 180_000;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  OPENCLAW_HOME?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  OPENCLAW_CONFIG_PATH?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  OPENCLAW_WORKSPACE?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['ws', 'wss'] })
  OPENCLAW_GATEWAY_URL = 'ws://127.0.0.1:18789';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  OPENCLAW_GATEWAY_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  NAPCAT_WEBUI_URL = 'http://127.0.0.1:6099';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  NAPCAT_WEBUI_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['ws', 'wss'] })
  ONEBOT_WS_URL = 'ws://127.0.0.1:3001';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  ONEBOT_ACCESS_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  WECHAT_WEBHOOK_URL = 'http://127.0.0.1:3002';

  @IsOptional() @Transform(trimmedOrUndefined) @IsString()
  WECHAT_TOKEN?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MinLength(16)
  WECHAT_CALLBACK_SECRET?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  CLAWHUB_URL = 'https://clawhub.ai';

  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  NPM_REGISTRY_URL = 'https://registry.npmjs.org';

  /** How long a suggestion waits for a decision before it expires (a rule's action may say otherwise). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(525_600)
  SUGGESTION_TTL_MINUTES = 7 * 24 * 60;

  /** A task in review with no change for this long is a stale review (0: at once). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(525_600)
  STALE_REVIEW_MINUTES = 24 * 60;

  /** An online agent with nothing in progress and no activity for this long is idle (0: at once). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(525_600)
  AGENT_IDLE_MINUTES = 60;

  /** Hosts that webhook actions and pipeline stages may call: `hooks.example.com,*.example.com,10.0.0.5:8080`. */
  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MaxLength(4000)
  OUTBOUND_ALLOWED_HOSTS?: string;

  /** An OpenAI-compatible embeddings endpoint (`POST {EMBEDDING_URL}/embeddings`); unset: the built-in hashed embedder. */
  @IsOptional() @Transform(trimmedOrUndefined) @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  EMBEDDING_URL?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MaxLength(200)
  EMBEDDING_MODEL?: string;

  @IsOptional() @Transform(trimmedOrUndefined) @IsString() @MaxLength(4000)
  EMBEDDING_API_KEY?: string;

  /** The vectors' length; pgvector indexes (HNSW) take at most 2000. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(8) @Max(2000)
  EMBEDDING_DIM = 256;

  /** The largest knowledge document an upload may carry (bytes). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024)
  KNOWLEDGE_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
}
