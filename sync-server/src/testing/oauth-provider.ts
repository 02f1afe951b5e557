import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The profile the provider reports for the next sign-in. */
export interface ProviderProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A small OAuth 2.0 authorization server speaking the authorize, token and userinfo endpoints the
 * way Google and Microsoft do, enforcing PKCE (S256), client credentials and redirect_uri. Its
 * authorize endpoint consents at once and redirects with a code for `profile`.
 */
export interface LocalOAuthProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in next. */
  profile: ProviderProfile;
  /** Token endpoint requests seen (for asserting what the server sent). */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

interface Grant {
  challenge: string;
  redirectUri: string;
  profile: ProviderProfile;
}

/** Starts the provider on a free loopback port. */
export async function startLocalOAuthProvider(): Promise<LocalOAuthProvider> {
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, ProviderProfile>();
  const provider: LocalOAuthProvider = {
    url: '',
    clientId: 'client-id-123',
    clientSecret: 'client-secret-456',
    profile: { sub: 'subject-1' },
    tokenRequests: [],
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', provider.url);
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/authorize') {
      const params = url.searchParams;
      if (params.get('client_id') !== provider.clientId || params.get('code_challenge_method') !== 'S256' || params.get('response_type') !== 'code') {
        send(400, { error: 'invalid_request' });
        return;
      }
      const code = randomBytes(16).toString('hex');
      grants.set(code, { challenge: params.get('code_challenge') ?? '', redirectUri: params.get('redirect_uri') ?? '', profile: { ...provider.profile } });
      const redirect = new URL(params.get('redirect_uri') ?? '');
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', params.get('state') ?? '');
      response.writeHead(302, { location: redirect.toString() });
      response.end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      void readBody(request).then((raw) => {
        const form = new URLSearchParams(raw);
        provider.tokenRequests.push(form);
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const isValid =
          grant !== undefined &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('client_id') === provider.clientId &&
          form.get('client_secret') === provider.clientSecret &&
          form.get('redirect_uri') === grant.redirectUri &&
          createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (!isValid || grant === undefined) {
          send(400, { error: 'invalid_grant', error_description: 'code or code_verifier is invalid' });
          return;
        }
        grants.delete(form.get('code') ?? '');
        const accessToken = randomBytes(16).toString('hex');
        accessTokens.set(accessToken, grant.profile);
        send(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile' });
      });
      return;
    }
    if (request.method === 'GET' && url.pathname === '/userinfo') {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const profile = token === undefined ? undefined : accessTokens.get(token);
      if (!profile) {
        send(401, { error: 'invalid_token' });
        return;
      }
      send(200, profile);
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
