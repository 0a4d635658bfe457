import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseAllowedHosts } from '../config/allowed-hosts';
import { AppConfig } from '../config/app-config';
import { isPrivateAddress, OutboundHttp, OutboundRefused } from './outbound-http';

const withHosts = (hosts: string) => new OutboundHttp({ outboundAllowedHosts: parseAllowedHosts(hosts) } as AppConfig);

describe('OutboundHttp (webhook actions and pipeline stages)', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        return;
      }
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('calls only hosts that were allowed', () => {
    const http = withHosts('hooks.example.com, *.corp.example, 10.1.2.3:8080');
    expect(http.refusal('https://hooks.example.com/x')).toBeUndefined();
    expect(http.refusal('https://a.corp.example/x')).toBeUndefined();
    expect(http.refusal('https://corp.example/x')).toContain('not in OUTBOUND_ALLOWED_HOSTS');
    expect(http.refusal('http://10.1.2.3:8080/')).toBeUndefined();
    expect(http.refusal('http://10.1.2.3:8081/')).toContain('not in OUTBOUND_ALLOWED_HOSTS');
    expect(http.refusal('ftp://hooks.example.com/')).toBe('must be http:// or https://');
    expect(http.refusal('https://user:pw@hooks.example.com/')).toBe('must not carry credentials');
    expect(withHosts('').refusal('https://hooks.example.com/')).toContain('not in OUTBOUND_ALLOWED_HOSTS');
  });

  it('sends a request to an exactly named loopback host and reads the answer; never follows a redirect', async () => {
    const http = withHosts(`127.0.0.1:${port}`);
    const answer = await http.request({ url: `http://127.0.0.1:${port}/hook`, body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', body: '{"a":1}' });
    expect((await http.request({ url: `http://127.0.0.1:${port}/redirect`, method: 'GET' })).status).toBe(302);
  });

  it('refuses private addresses reached through a wildcard', async () => {
    // a wildcard is for names under a domain an admin trusts; an address inside is not reached through one
    await expect(withHosts('*.0.0.1').request({ url: `http://127.0.0.1:${port}/` })).rejects.toThrow(OutboundRefused);
    expect(isPrivateAddress('10.0.0.1')).toBe(true);
    expect(isPrivateAddress('::ffff:192.168.1.1')).toBe(true);
    expect(isPrivateAddress('::1')).toBe(true);
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => parseAllowedHosts('good.example, bad host')).toThrow('OUTBOUND_ALLOWED_HOSTS');
  });
});
