// A local npm registry (verdaccio) for the install test, the way Nx tests its own packages: started
// on a free 127.0.0.1 port with its storage in a temp folder, taskpod's packages published to it,
// everything else proxied from the public registry.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

const VERDACCIO = path.resolve(import.meta.dirname, '../../node_modules/verdaccio/bin/verdaccio');

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** verdaccio's config: only the local user publishes taskpod's names, which are never proxied. */
function config(dir, port, uplink) {
  const ours = (name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`;
  return [
    `storage: ${path.join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${path.join(dir, 'htpasswd')}`,
    'uplinks:',
    '  npmjs:',
    `    url: ${uplink}`,
    '    timeout: 60s',
    'packages:',
    ours('taskpod') + ours('@taskpod/*').trimEnd(),
    "  '**':",
    '    access: $all',
    '    proxy: npmjs',
    `listen: 127.0.0.1:${port}`,
    'max_body_size: 50mb',
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n');
}

/**
 * Starts verdaccio in `dir` and registers a throwaway user. Returns `{ url, npmrc, close }`:
 * `npmrc` is a user config naming the registry and the user's token, for npm's `--userconfig`.
 */
export async function startLocalRegistry(dir, { uplink = 'https://registry.npmjs.org/' } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'verdaccio.yaml');
  writeFileSync(configFile, config(dir, port, uplink));
  const child = spawn(process.execPath, [VERDACCIO, '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log}`);
      try {
        if ((await fetch(`${url}-/ping`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 300) throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const user = { name: 'taskpod-test', password: 'throwaway-password', email: 'test@taskpod.invalid' };
    const response = await fetch(`${url}-/user/org.couchdb.user:${user.name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _id: `org.couchdb.user:${user.name}`, type: 'user', roles: [], ...user }),
    });
    if (!response.ok) throw new Error(`verdaccio refused the test user: ${response.status} ${await response.text()}`);
    const { token } = await response.json();
    const npmrc = path.join(dir, '.npmrc');
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`);
    return { url, npmrc, close, log: () => log };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Publishes each tarball to the registry (npm publish <tgz>), three at a time. */
export async function publishTarballs(tarballs, { url, npmrc }) {
  const queue = [...tarballs];
  const publishOne = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await new Promise((resolve, reject) => {
        const child = spawn('npm', ['publish', file, '--registry', url, '--userconfig', npmrc, '--access', 'public', '--ignore-scripts'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm publish ${file} exited ${code}:\n${stderr}`))));
      });
    }
  };
  await Promise.all([publishOne(), publishOne(), publishOne()]);
}

/** The registry npm is configured with here, for verdaccio's uplink. */
export function configuredRegistry() {
  return execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim() || 'https://registry.npmjs.org/';
}
