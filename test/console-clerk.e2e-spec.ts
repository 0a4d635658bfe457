import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describeConsole } from './support/console-browser';

// AUTH_MODE=clerk: the console signs in with a JWT from the issuer (here a key pair of the test and a JWKS served
// on loopback), and an expired one returns the user to the login page.
const ISSUER = 'https://clerk.console.test';
const KID = 'console-key';
let jwks: Server | undefined;
let privateKey: CryptoKey;

async function startIssuer(): Promise<Record<string, string>> {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const keys = [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }];
  const server = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys })));
  jwks = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { AUTH_MODE: 'clerk', CLERK_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, CLERK_ISSUER: ISSUER };
}

const issuerJwt = (expiresAt: number | string) =>
  new SignJWT({ email: `console-${randomUUID().slice(0, 8)}@example.com` })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setSubject(`user_${randomUUID().slice(0, 12)}`)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(privateKey);

describeConsole(
  'Console in clerk mode (JWT sign-in)',
  (b) => {
    afterAll(() => new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined))));

    it('signs in with an issuer JWT, refuses the admin token, and returns to login when the JWT expires', async () => {
      const page = await b.newPage('en-US');
      await page.goto(`${b.service.baseUrl}/organizations`);
      await page.waitForURL(/\/login$/);

      // clerk mode takes no local admin token
      await page.getByTestId('token-input').fill(b.token);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').waitFor();

      // a JWT that lives a few seconds: it opens the console, then its expiry ends the session
      const lifetime = 8;
      await page.getByTestId('token-input').fill(await issuerJwt(Math.floor(Date.now() / 1000) + lifetime));
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/organizations$/);
      await page.getByTestId('empty-state').waitFor();
      await b.shot(page, 'clerk-signed-in');

      await page.waitForTimeout(lifetime * 1000 + 1000);
      await page.reload();
      await page.waitForURL(/\/login$/);
      await page.getByText('Your session ended', { exact: false }).waitFor();
      await b.shot(page, 'clerk-session-ended');
    }, 90_000);
  },
  startIssuer,
);
