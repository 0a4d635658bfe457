import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeWechatbotWebhook } from '../../../test/fakes/wechatbot-webhook';
import { nameFromLoginMessage, WechatWebhookClient } from './wechat-webhook-client';
import { WechatWebhookError } from './wechat-webhook-errors';

async function rejection(promise: Promise<unknown>): Promise<WechatWebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WechatWebhookError);
  return error as WechatWebhookError;
}

describe('WechatWebhookClient against a wechatbot-webhook that speaks the real protocol', () => {
  let fake: FakeWechatbotWebhook;
  let client: WechatWebhookClient;

  beforeAll(async () => {
    fake = await FakeWechatbotWebhook.start({ token: 'secret-token-1' });
    client = new WechatWebhookClient({ url: `${fake.url}/`, token: 'secret-token-1', timeoutMs: 2_000 });
  });
  afterAll(() => fake.close());
  afterEach(async () => {
    await fake.start();
    await fake.logOut({ notify: false });
  });

  it('reads health and login state, logged out then logged in', async () => {
    expect(await client.health()).toBe(false);
    expect(await client.loginState()).toEqual({ loggedIn: false });
    await fake.logIn('小明 <bot>', { notify: false });
    expect(await client.health()).toBe(true);
    expect(await client.loginState()).toEqual({ loggedIn: true, name: '小明 <bot>' });
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
  });

  it('sends text and file URLs as v2 messages and returns the task', async () => {
    await fake.logIn('bot', { notify: false });
    const text = await client.sendText({ to: 'Alice', isRoom: false }, 'hello 👋');
    expect(text).toEqual({
      success: true,
      message: 'Message sent successfully',
      task: { successCount: 1, totalCount: 1, failedCount: 0, reject: [], sentFailed: [], notFound: [] },
    });
    await client.sendFileUrl({ to: 'Test Group', isRoom: true }, 'https://example.com/a.pdf');
    expect(fake.sent.slice(-2)).toEqual([
      { to: 'Alice', isRoom: false, data: { type: 'text', content: 'hello 👋' } },
      { to: 'Test Group', isRoom: true, data: { type: 'fileUrl', content: 'https://example.com/a.pdf' } },
    ]);
    const missing = await client.sendText({ to: 'Nobody', isRoom: false }, 'hi');
    expect(missing.success).toBe(false);
    expect(missing.task?.notFound).toEqual([expect.objectContaining({ to: 'Nobody', error: 'User is not found' })]);
  });

  it('says when no account is logged in, and when the token is wrong, without showing the token', async () => {
    expect(await rejection(client.sendText({ to: 'Alice', isRoom: false }, 'x'))).toMatchObject({ kind: 'not-logged-in', status: 401 });
    const wrong = new WechatWebhookClient({ url: fake.url, token: 'not-the-token' });
    const error = await rejection(wrong.health());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toContain('WECHAT_TOKEN');
    expect(error.message).not.toContain('not-the-token');
    expect((await rejection(new WechatWebhookClient({ url: fake.url }).loginState())).kind).toBe('unauthorized');
  });

  it('reports a bridge that went away as unreachable, and works again once it is back', async () => {
    await fake.stop();
    const error = await rejection(client.health());
    expect(error.kind).toBe('unreachable');
    expect(error.isUnavailable).toBe(true);
    expect(error.message).toContain(fake.url);
    await fake.start();
    expect(await client.health()).toBe(false);
  });

  describe('against a server that misbehaves', () => {
    let server: Server;
    let url: string;
    let handler: (res: import('node:http').ServerResponse) => void;

    beforeAll(async () => {
      server = createServer((_req, res) => handler(res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('times out', async () => {
      handler = () => undefined; // never answers
      const error = await rejection(new WechatWebhookClient({ url, token: 't', timeoutMs: 200 }).health());
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('200 ms');
      server.closeAllConnections();
    });

    it('refuses answers it does not understand', async () => {
      handler = (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('maybe');
      expect((await rejection(new WechatWebhookClient({ url, token: 't' }).health())).kind).toBe('bad-response');
      handler = (res) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, message: 'Unknown Server Error' }));
      const error = await rejection(new WechatWebhookClient({ url, token: 't' }).sendText({ to: 'a', isRoom: false }, 'b'));
      expect(error).toMatchObject({ kind: 'bad-response', status: 500 });
      expect(error.message).toContain('Unknown Server Error');
      handler = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
      expect((await rejection(new WechatWebhookClient({ url, token: 't' }).sendText({ to: 'a', isRoom: false }, 'b'))).kind).toBe('bad-response');
    });

    it('does not read an endless answer', async () => {
      handler = (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (res.write(chunk)) if (res.writableLength > 4 * 1024 * 1024) break;
        };
        res.on('drain', pump);
        pump();
      };
      const error = await rejection(new WechatWebhookClient({ url, token: 't', timeoutMs: 5_000 }).health());
      expect(error.kind).toBe('bad-response');
      server.closeAllConnections();
    });
  });

  it('builds the login page URL with the token', () => {
    expect(client.loginUrl()).toBe(`${fake.url}/login?token=secret-token-1`);
    expect(client.loginUrl('http://host:3002/')).toBe('http://host:3002/login?token=secret-token-1');
    expect(new WechatWebhookClient({ url: 'http://x:1' }).loginUrl()).toBe('http://x:1/login');
  });

  it('reads the nickname out of the login message', () => {
    expect(nameFromLoginMessage('Contact<TestUser>is already login')).toBe('TestUser');
    expect(nameFromLoginMessage('Contact<a>b>is already login')).toBe('a>b');
    expect(nameFromLoginMessage('someone is already login')).toBe('someone');
  });
});
