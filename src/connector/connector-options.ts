import { hostname } from 'node:os';
import { join } from 'node:path';

export class UsageError extends Error {}

export interface ConnectorOptions {
  /** Mission Control's base URL, without a trailing slash. */
  apiUrl: string;
  registrationToken?: string;
  name: string;
  gatewayUrl: string;
  gatewayToken: string;
  stateFile: string;
}

export const DEFAULT_GATEWAY_URL = 'ws://127.0.0.1:18789';

/** Flag → environment fallback. */
const FLAGS = {
  api: 'MC_API_URL',
  'registration-token': 'MC_REGISTRATION_TOKEN',
  name: 'MC_GATEWAY_NAME',
  'gateway-url': 'OPENCLAW_GATEWAY_URL',
  'gateway-token': 'OPENCLAW_GATEWAY_TOKEN',
  'state-file': 'MC_CONNECTOR_STATE_FILE',
} as const;

type Flag = keyof typeof FLAGS;

export const CONNECTOR_HELP = `Usage: npm run connector -- --api <url> --registration-token <token> --gateway-token <token> [options]

Connects a local OpenClaw gateway to Mission Control through an outbound relay.

  --api <url>                 Mission Control base URL (MC_API_URL)
  --registration-token <t>    gw_reg_… token; needed for the first registration (MC_REGISTRATION_TOKEN)
  --name <name>               gateway name in Mission Control (MC_GATEWAY_NAME; default: host name)
  --gateway-url <url>         local gateway (OPENCLAW_GATEWAY_URL; default ${DEFAULT_GATEWAY_URL})
  --gateway-token <token>     local gateway token (OPENCLAW_GATEWAY_TOKEN)
  --state-file <path>         saved registration (MC_CONNECTOR_STATE_FILE; default ./data/connector-<name>.json)
  -h, --help                  this text
`;

/** The options from the command line, each flag falling back to its environment variable; 'help' for -h/--help. */
export function parseConnectorOptions(argv: string[], env: NodeJS.ProcessEnv): ConnectorOptions | 'help' {
  const given: Partial<Record<Flag, string>> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '-h' || arg === '--help') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match || !(match[1] in FLAGS)) throw new UsageError(`unknown argument: ${arg}`);
    const flag = match[1] as Flag;
    const value = match[2] ?? argv[++index];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new UsageError(`--${flag} needs a value`);
    given[flag] = value;
  }
  const read = (flag: Flag): string | undefined => {
    const value = given[flag] ?? env[FLAGS[flag]];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const apiUrl = read('api');
  if (!apiUrl) throw new UsageError(`--api (or ${FLAGS.api}) is required`);
  if (!isUrl(apiUrl, ['http:', 'https:'])) throw new UsageError('--api must be an http:// or https:// URL');
  const gatewayUrl = read('gateway-url') ?? DEFAULT_GATEWAY_URL;
  if (!isUrl(gatewayUrl, ['ws:', 'wss:'])) throw new UsageError('--gateway-url must be a ws:// or wss:// URL');
  const gatewayToken = read('gateway-token');
  if (!gatewayToken) throw new UsageError(`--gateway-token (or ${FLAGS['gateway-token']}) is required`);
  const name = read('name') ?? hostname();
  if (name.length > 200) throw new UsageError('--name is longer than 200 characters');

  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    registrationToken: read('registration-token'),
    name,
    gatewayUrl,
    gatewayToken,
    stateFile: read('state-file') ?? join('data', `connector-${fileSafe(name)}.json`),
  };
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'gateway';
}
