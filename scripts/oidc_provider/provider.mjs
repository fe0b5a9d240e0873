// A local OpenID provider shaped like ID-porten, for development and tests only: oidc-provider (panva) with the
// SYNTETISKE test persons of reference/synthetic/persons.json. Never for production: it lets anyone pick a person.
//
//   node scripts/oidc_provider/provider.mjs   (environment: OIDC_PORT, OIDC_ISSUER, OIDC_CLIENT_ID,
//                                               OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS, OIDC_POST_LOGOUT_URIS,
//                                               OIDC_PERSONS)
//
// As ID-porten: authorization code flow only, PKCE (S256) required, `pid` and `acr` (idporten-loa-substantial)
// in the ID token, RS256 signatures with keys published at /jwks, discovery at /.well-known/openid-configuration.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.OIDC_PORT || 8090);
const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const personsFile = process.env.OIDC_PERSONS || resolve(here, '../../reference/synthetic/persons.json');
const persons = JSON.parse(readFileSync(personsFile, 'utf8')).personer;
const byIdent = new Map(persons.map((p) => [p.ident, p]));
const ACR = 'idporten-loa-substantial';

// A fresh signing key per start: the router reads the JWKS from the provider, never from a file.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `local-${Date.now()}`, use: 'sig', alg: 'RS256' };

const split = (value, fallback) => (value || fallback).split(',').map((s) => s.trim()).filter(Boolean);

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'navchat-local',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'navchat-local-secret',
    redirect_uris: split(process.env.OIDC_REDIRECT_URIS, 'http://127.0.0.1:8080/oauth2/callback'),
    post_logout_redirect_uris: split(process.env.OIDC_POST_LOGOUT_URIS, 'http://127.0.0.1:8080/oauth2/logged-out'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  acrValues: [ACR, 'idporten-loa-high'],
  claims: { openid: ['sub', 'pid'], profile: ['pid'] },
  scopes: ['openid', 'profile'],
  conformIdTokenClaims: false,
  // RP-initiated logout as ID-porten does it: a logout with the client's id_token_hint ends the whole single
  // sign-on session without asking (the library's default page asks "Do you want to sign-out?" and, answered
  // with the other button, would keep the person logged in), then back to the post_logout_redirect_uri.
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource: logoutPage },
  },
  ttl: { IdToken: 3600, AccessToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
  cookies: { keys: [jwk.kid] },
  findAccount: async (_ctx, id) => {
    const person = byIdent.get(id);
    if (!person) return undefined;
    // pid as ID-porten sends it; sub is ID-porten's pairwise pseudonym, never the ident itself.
    return { accountId: id, claims: async () => ({ sub: `syntetisk-${person.alias}`, pid: person.ident }) };
  },
  // The chat is the only client: its grant is given at login, so no consent page.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['pid']);
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>Feil</title><h1>Innloggingen feilet</h1><p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`;
  },
});
provider.proxy = true;

async function logoutPage(ctx, form) {
  ctx.type = 'html';
  const yes = '<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Logg ut</button></noscript></form>';
  ctx.body = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Logger ut (SYNTETISK)</title></head>
<body><p>Logger ut av lokal innlogging …</p>${form.replace('</form>', yes)}
<script>document.forms[0].submit()</script></body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function loginPage(uid) {
  const rows = persons.map((p) => `
    <li><form method="post" action="/interaction/${escape(uid)}/login">
      <input type="hidden" name="ident" value="${escape(p.ident)}">
      <button type="submit" data-alias="${escape(p.alias)}">${escape(p.visningsnavn)}</button>
      <span>${escape(p.beskrivelse)}</span></form></li>`).join('');
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Lokal ID-porten (SYNTETISK)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
.warn{background:#fff3cd;border:1px solid #c9a400;padding:.6rem}li{margin:.6rem 0;list-style:none}
button{font-size:1rem;padding:.4rem .8rem;margin-right:.6rem}</style></head><body>
<h1>Lokal innlogging (ID-porten-lik)</h1>
<p class="warn">Bare for utvikling og test. Alle personene er <strong>SYNTETISKE</strong>: de finnes ikke.</p>
<p>Velg testperson (sikkerhetsnivå ${ACR}):</p><ul>${rows}</ul></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) { body += chunk; if (body.length > 10000) break; }
  return new URLSearchParams(body);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(req.url.split('?')[0]);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (match[2] && req.method === 'POST') {
      const ident = (await readForm(req)).get('ident');
      if (!byIdent.has(ident)) { res.statusCode = 400; return res.end('ukjent testperson'); }
      const result = { login: { accountId: ident, acr: ACR, amr: ['TestID'] } };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return res.end(loginPage(details.uid));
  } catch (error) {
    res.statusCode = 400;
    return res.end(`innloggingen kan ikke fortsette: ${error.message}`);
  }
});
server.listen(port, '127.0.0.1', () => console.log(`oidc.listening issuer=${issuer} persons=${persons.length}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
