/**
 * A real npm registry on this machine: Verdaccio (the npm package `verdaccio`, 6.8.x for Node 20) on
 * 127.0.0.1 at a free port, its storage and users in a folder of the caller's, no uplinks. Packages it
 * does not hold are not fetched from anywhere: a client sends only the scopes mapped to it here
 * (`.npmrc`: `@gankit:registry=<url>`) and everything else to its usual registry, so nothing published
 * in a test can reach, or be shadowed by, the public registry.
 *
 *   const registry = await startRegistry({ dir, scopes: ['@gankit', '@acme'] });
 *   registry.url; registry.npmrc;   // the lines a client's .npmrc needs (scope mappings and the token)
 *   await registry.stop();
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (the OS picks one; it is closed again before Verdaccio takes it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Verdaccio with storage under `dir`, accepting publishes of packages in `scopes` from the user it
 * creates, and returns its URL, a token for that user and the `.npmrc` lines that send those scopes to it.
 * Rejects (with Verdaccio's output) if it does not answer within `timeoutMs`.
 */
export async function startRegistry({ dir, scopes, bin, timeoutMs = 60_000 }) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const packages = Object.fromEntries(scopes.map((scope) => [`${scope}/*`, { access: '$all', publish: '$authenticated', unpublish: '$authenticated' }]));
  // JSON is YAML: Verdaccio reads this file as its config.
  const config = {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
    uplinks: {},
    packages: { ...packages, '**': { access: '$all', publish: '$authenticated' } },
    server: { keepAliveTimeout: 60 },
    middlewares: { audit: { enabled: false } },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
    max_body_size: '200mb',
  };
  const configFile = join(dir, 'verdaccio.yaml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = spawn(process.execPath, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const fail = async (why) => {
    await stop();
    throw new Error(`local registry: ${why}\nVerdaccio's output:\n${output}`);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) return fail(`Verdaccio exited with code ${child.exitCode} before it answered`);
    try {
      const ping = await fetch(new URL('-/ping', url));
      if (ping.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) return fail(`no answer on ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // The user a release publishes as: npm's own login request (`npm adduser` sends the same).
  const name = 'gankit-release';
  const created = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password: `pw-${port}-${Date.now()}`, type: 'user', roles: [] }),
  });
  const body = await created.json().catch(() => ({}));
  if (!created.ok || typeof body.token !== 'string') return fail(`creating the publishing user failed: HTTP ${created.status} ${JSON.stringify(body)}`);
  const host = url.replace(/^https?:/, '');
  const npmrc = [...scopes.map((scope) => `${scope}:registry=${url}`), `${host}:_authToken=${body.token}`].join('\n') + '\n';
  return { url, token: body.token, npmrc, output: () => output, stop };
}
