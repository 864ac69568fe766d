// tests/oidc/provider.mjs: a real OpenID provider (npm oidc-provider) for
// the sign-in tests, on loopback only.
//
//   node provider.mjs PORT REDIRECT_URI CLIENT_SECRET
//
// Issuer http://127.0.0.1:PORT, one confidential client "sodan-test"
// (client_secret_basic, PKCE required), the provider's development
// login and consent forms (any login name, any password).  A login name
// NAME gets the claims email NAME@example.com (verified), name and
// preferred_username NAME.
//
// Test controls (this process is the test's own provider):
//   GET /__test/mode?m=M   the next ID tokens are changed: wrong_aud,
//                          azp_other, wrong_iss, expired, future_iat,
//                          bad_nonce, tampered, unknown_kid, alg_none,
//                          hs256; "" gives the provider's token as is
//   GET /__test/rotate     a second key joins the JWKS and signs from now on
//   GET /__test/down?on=1  the token endpoint answers 503 (on=0: back)
// oidc-provider cannot be told to issue a bad token, so the changed ones
// are made here with jose (the library oidc-provider itself uses) from the
// provider's real token: re-signed with the provider's key where only one
// claim must be wrong, left with a broken signature, or unsigned.
import Provider from 'oidc-provider';
import * as jose from 'jose';
import { createHmac } from 'node:crypto';

const [port, redirect, secret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

async function rsaKey(kid) {
  const { privateKey } = await jose.generateKeyPair('RS256',
    { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}
const pub = ({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use });

const k1 = await rsaKey('k1');
const k2 = await rsaKey('k2');          // published after /__test/rotate
const kx = await rsaKey('k-unknown');   // never published
let mode = '';
let rotated = false;
let down = false;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'sodan-test',
    client_secret: secret,
    redirect_uris: [redirect],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [k1] },
  cookies: { keys: ['sodan-test-provider-cookie-key'] },
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, email: `${id}@example.com`, email_verified: true,
          name: id, preferred_username: id,
        };
      },
    };
  },
});

async function sign(payload, key, alg = 'RS256') {
  const k = await jose.importJWK(key, alg);
  return new jose.SignJWT(payload)
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(k);
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function forge(token) {
  const claims = jose.decodeJwt(token);
  const now = Math.floor(Date.now() / 1000);
  const key = rotated ? k2 : k1;
  const [h, , s] = token.split('.');
  switch (mode) {
    case '': return rotated ? sign(claims, k2) : token;
    case 'wrong_aud': return sign({ ...claims, aud: 'another-client' }, key);
    case 'azp_other':
      return sign({ ...claims, aud: [claims.aud, 'another-client'],
        azp: 'another-client' }, key);
    case 'wrong_iss':
      return sign({ ...claims, iss: 'http://127.0.0.1:1' }, key);
    case 'expired':
      return sign({ ...claims, iat: now - 7200, exp: now - 3600 }, key);
    case 'future_iat':
      return sign({ ...claims, iat: now + 3600, exp: now + 7200 }, key);
    case 'bad_nonce': return sign({ ...claims, nonce: 'not-the-nonce' }, key);
    case 'tampered':    // another subject, the provider's signature kept
      return `${h}.${b64({ ...claims, sub: 'someone-else' })}.${s}`;
    case 'unknown_kid': return sign(claims, kx);
    case 'alg_none':
      return `${b64({ alg: 'none', kid: key.kid })}.${b64(claims)}.`;
    case 'hs256': {     // HMAC keyed with the public key: alg confusion
      const hdr = b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' });
      const body = b64(claims);
      const mac = createHmac('sha256', JSON.stringify(pub(key)))
        .update(`${hdr}.${body}`).digest('base64url');
      return `${hdr}.${body}.${mac}`;
    }
    default: return token;
  }
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/mode') {
    mode = ctx.query.m || '';
    ctx.body = { mode };
    return;
  }
  if (ctx.path === '/__test/rotate') {
    rotated = true;
    ctx.body = { rotated };
    return;
  }
  if (ctx.path === '/__test/down') {
    down = ctx.query.on === '1';
    ctx.body = { down };
    return;
  }
  if (down && ctx.path === '/token') {
    ctx.status = 503;
    ctx.body = { error: 'temporarily_unavailable' };
    return;
  }
  await next();
  if (ctx.path === '/jwks' && rotated && ctx.body && ctx.body.keys)
    ctx.body = { keys: [pub(k2), ...ctx.body.keys] };
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body &&
      ctx.body.id_token)
    ctx.body = { ...ctx.body, id_token: await forge(ctx.body.id_token) };
});

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
