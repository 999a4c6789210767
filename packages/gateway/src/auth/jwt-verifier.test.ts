import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGuardError } from '@palisade/guard';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.js';

const issuer = 'https://idp.test/';
const audience = 'palisade';

let server: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
let publicJwk: JWK;
let verifier: JwtVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
  server = createServer((request, response) => {
    if (request.url === '/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  verifier = createJwtVerifier({
    jwksUrl,
    issuer,
    audience,
    rolesClaim: 'realm_access.roles',
    roleMap: { 'security-team': 'admin', reviewers: 'reviewer' },
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function token(claims: Record<string, unknown> = {}, options: { key?: CryptoKey; expiresIn?: string | number } = {}) {
  return new SignJWT({ realm_access: { roles: ['security-team', 'reviewers', 'unmapped'] }, tenant: 'acme', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('user-42')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? signingKey);
}

async function reason(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isGuardError(error)) throw new Error('expected a GuardError');
  return { code: error.code, message: error.message };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JWT verification against a JWKS server', () => {
  it('accepts a valid token and maps claims to roles and tenant', async () => {
    expect(await verifier.verify(await token())).toEqual({
      kind: 'jwt',
      id: 'user-42',
      name: 'user-42',
      roles: ['admin', 'reviewer'],
      tenant: 'acme',
    });
  });

  it('rejects an expired token', async () => {
    const expired = await token({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    expect(await reason(verifier.verify(expired))).toMatchObject({ code: 'auth-invalid', message: /expired/ });
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    const wrongAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setIssuer(issuer)
      .setAudience('someone-else')
      .setSubject('user-42')
      .setExpirationTime('5m')
      .sign(signingKey);
    expect(await reason(verifier.verify(wrongAudience))).toMatchObject({ code: 'auth-invalid', message: /aud/ });
    const wrongIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setIssuer('https://evil.test/')
      .setAudience(audience)
      .setSubject('user-42')
      .setExpirationTime('5m')
      .sign(signingKey);
    expect(await reason(verifier.verify(wrongIssuer))).toMatchObject({ code: 'auth-invalid', message: /iss/ });
  });

  it('rejects a wrong signature', async () => {
    const forged = await token({}, { key: otherKey });
    expect(await reason(verifier.verify(forged))).toMatchObject({ code: 'auth-invalid', message: /signature/ });
    const valid = await token();
    const [header, , signature] = valid.split('.');
    const tampered = `${header}.${base64url({ sub: 'admin', iss: issuer, aud: audience, exp: 9e9, realm_access: { roles: ['security-team'] } })}.${signature}`;
    expect((await reason(verifier.verify(tampered))).code).toBe('auth-invalid');
  });

  it('rejects alg none and HMAC tokens', async () => {
    const claims = { sub: 'user-42', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 300 };
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    expect((await reason(verifier.verify(none))).code).toBe('auth-invalid');
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect((await reason(verifier.verify(hmac))).code).toBe('auth-invalid');
  });

  it('rejects garbage without echoing it', async () => {
    for (const bad of ['', 'a.b.c', 'not-a-jwt', "' OR 1=1 --", 'x'.repeat(20_000)]) {
      const { code, message } = await reason(verifier.verify(bad));
      expect(code).toBe('auth-invalid');
      if (bad.length > 3) expect(message).not.toContain(bad.slice(0, 12));
    }
  });

  it('works with static keys and refuses unsafe configuration', async () => {
    const local = createJwtVerifier({ keys: { keys: [publicJwk] }, issuer, audience, rolesClaim: 'scope' });
    const principal = await local.verify(await token({ scope: 'app auditor' }));
    expect(principal.roles).toEqual(['app', 'auditor']);
    expect(() => createJwtVerifier({ issuer, audience })).toThrow(/exactly one/);
    expect(() => createJwtVerifier({ jwksUrl, issuer, audience, algorithms: ['none'] })).toThrow(/asymmetric/);
  });
});
