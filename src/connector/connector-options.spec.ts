import { hostname } from 'node:os';
import { DEFAULT_GATEWAY_URL, parseConnectorOptions, UsageError } from './connector-options';

const REQUIRED = ['--api', 'http://mc.example:8000/', '--gateway-token', 'gw-secret'];

describe('parseConnectorOptions', () => {
  it('reads flags, trims the API URL and fills in the defaults', () => {
    expect(parseConnectorOptions([...REQUIRED, '--name', 'office-01', '--registration-token', 'gw_reg_abc'], {})).toEqual({
      apiUrl: 'http://mc.example:8000',
      registrationToken: 'gw_reg_abc',
      name: 'office-01',
      gatewayUrl: DEFAULT_GATEWAY_URL,
      gatewayToken: 'gw-secret',
      stateFile: 'data/connector-office-01.json',
    });
  });

  it('accepts --flag=value', () => {
    const options = parseConnectorOptions(['--api=https://mc.example', '--gateway-token=t=with=equals', '--gateway-url=wss://gw.local:9000'], {});
    expect(options).toMatchObject({ apiUrl: 'https://mc.example', gatewayToken: 't=with=equals', gatewayUrl: 'wss://gw.local:9000' });
  });

  it('falls back to the environment, and a flag wins over it', () => {
    const env = {
      MC_API_URL: 'http://env-api:8000',
      MC_REGISTRATION_TOKEN: 'gw_reg_env',
      MC_GATEWAY_NAME: 'env-name',
      OPENCLAW_GATEWAY_URL: 'ws://10.0.0.5:18789',
      OPENCLAW_GATEWAY_TOKEN: 'env-gateway-token',
      MC_CONNECTOR_STATE_FILE: '/var/lib/connector/state.json',
    };
    expect(parseConnectorOptions([], env)).toEqual({
      apiUrl: 'http://env-api:8000',
      registrationToken: 'gw_reg_env',
      name: 'env-name',
      gatewayUrl: 'ws://10.0.0.5:18789',
      gatewayToken: 'env-gateway-token',
      stateFile: '/var/lib/connector/state.json',
    });
    expect(parseConnectorOptions(['--name', 'flag-name'], env)).toMatchObject({ name: 'flag-name', stateFile: '/var/lib/connector/state.json' });
  });

  it('names the gateway after the host when no name is given, in a file-safe state file name', () => {
    const options = parseConnectorOptions(REQUIRED, {});
    expect(options).toMatchObject({ name: hostname() });
    expect(parseConnectorOptions([...REQUIRED, '--name', '../Office gateway #1'], {})).toMatchObject({ stateFile: 'data/connector-Office-gateway-1.json' });
  });

  it('answers help', () => {
    expect(parseConnectorOptions(['--api', 'x', '--help'], {})).toBe('help');
    expect(parseConnectorOptions(['-h'], {})).toBe('help');
  });

  it.each([
    [[], /--api .*required/],
    [['--api', 'ftp://x', '--gateway-token', 't'], /--api must be an http/],
    [['--api', 'http://x'], /--gateway-token .*required/],
    [['--api', 'http://x', '--gateway-token', 't', '--gateway-url', 'http://gw'], /--gateway-url must be a ws/],
    [['--api', 'http://x', '--gateway-token'], /--gateway-token needs a value/],
    [['--api', '--gateway-token', 't'], /--api needs a value/],
    [['--api', 'http://x', '--gateway-token', 't', '--verbose'], /unknown argument: --verbose/],
    [['--api', 'http://x', '--gateway-token', 't', 'stray'], /unknown argument: stray/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseConnectorOptions(argv as string[], {})).toThrow(UsageError);
    expect(() => parseConnectorOptions(argv as string[], {})).toThrow(message);
  });

  it('treats an empty environment variable as unset', () => {
    expect(() => parseConnectorOptions([], { MC_API_URL: '  ', OPENCLAW_GATEWAY_TOKEN: 't' })).toThrow(/--api .*required/);
  });
});
