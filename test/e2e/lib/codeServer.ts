// Starts and stops one code-server (VS Code server + web client) for the real-VS-Code tests and
// for `npm run vscode`. Everything it writes lives in a temp folder (user data, extensions, XDG
// dirs), it listens on loopback only, and it is stopped through its process group so the
// extension host and language server children go with it.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { waitUntil } from './waitUntil';

export interface CodeServerOptions {
  /** Adds `--vscode-option enable-smoke-test-driver`, which makes the web client honour `payload`. */
  smokeTestDriver?: boolean;
  /** false leaves workspace trust on, so folders open in restricted mode. */
  trustAll?: boolean;
  /** A VSIX to install with `--install-extension` before the server starts. */
  vsix?: string;
  /** Extra user settings, merged over the quiet offline defaults. */
  settings?: Record<string, unknown>;
  /** Machine-scoped settings (a workspace cannot set them). */
  machineSettings?: Record<string, unknown>;
  /** Fixed port (`npm run vscode`); a free one is picked otherwise. */
  port?: number;
  /** Where the server's own log goes; test-results/ by default. */
  logFile?: string;
}

interface Install {
  node: string;
  entry: string;
}

// Offline quiet: nothing may try to reach the internet or pop up a walkthrough over the editor.
const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

function readInstall(): Install {
  const stamp = join(repoRoot, '.cache', 'code-server', 'install.json');
  try {
    return JSON.parse(readFileSync(stamp, 'utf8')) as Install;
  } catch {
    throw new Error(`code-server is not installed: run node scripts/code-server/setup.mjs`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  readonly host: string;
  private exited: Promise<void>;

  private constructor(
    readonly port: number,
    readonly tempDir: string,
    private readonly child: ChildProcess,
  ) {
    this.host = `127.0.0.1:${port}`;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(opts: CodeServerOptions = {}): Promise<CodeServer> {
    const install = readInstall();
    const tempDir = mkdtempSync(join(tmpdir(), 'psram-lens-cs-'));
    const dirs = {
      userData: join(tempDir, 'user-data'),
      extensions: join(tempDir, 'extensions'),
      config: join(tempDir, 'xdg-config'),
      data: join(tempDir, 'xdg-data'),
      cache: join(tempDir, 'xdg-cache'),
    };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    const writeSettings = (sub: string, values: Record<string, unknown>) => {
      mkdirSync(join(dirs.userData, sub), { recursive: true });
      writeFileSync(join(dirs.userData, sub, 'settings.json'), JSON.stringify(values, null, 2));
    };
    writeSettings('User', { ...quietSettings, ...opts.settings });
    if (opts.machineSettings) writeSettings('Machine', opts.machineSettings);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      XDG_CACHE_HOME: dirs.cache,
    };
    // Variables of an enclosing VS Code would make the server think it runs inside one.
    for (const k of Object.keys(env)) if (k.startsWith('VSCODE_')) delete env[k];
    const base = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    if (opts.vsix) {
      execFileSync(install.node, [install.entry, ...base, '--install-extension', opts.vsix], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    const port = opts.port ?? (await freePort());
    const args = [
      install.entry,
      ...base,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--reconnection-grace-time',
      '5',
      '--ignore-last-opened',
    ];
    if (opts.trustAll !== false) args.push('--disable-workspace-trust');
    if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

    const logFile = opts.logFile ?? join(repoRoot, 'test-results', `code-server-${port}.log`);
    mkdirSync(join(logFile, '..'), { recursive: true });
    const log = createWriteStream(logFile);
    const child = spawn(install.node, args, {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const server = new CodeServer(port, tempDir, child);
    let exitCode: number | null = null;
    child.once('exit', (code) => (exitCode = code ?? -1));
    try {
      await waitUntil(
        async () => {
          if (exitCode !== null) {
            throw new Error(`code-server exited (${exitCode}); see ${logFile}`);
          }
          return (await fetch(`http://${server.host}/healthz`).catch(() => null))?.ok === true;
        },
        { timeoutMs: 60_000, what: `code-server on ${server.host} to answer /healthz` },
      );
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** Page URL that opens `folder`, optionally with a smoke-test payload (extension tests). */
  url(folder: string, payload?: [string, string][]): string {
    let u = `http://${this.host}/?folder=${encodeURIComponent(folder)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  }

  /** The URI the web client uses for a path on this server's file system. */
  remoteUri(absPath: string): string {
    return `vscode-remote://${this.host}${absPath}`;
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && this.child.exitCode === null) {
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // The group is already gone.
        }
      };
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
      // Children that ignored SIGTERM (the extension host's language server) go too.
      killGroup('SIGKILL');
    }
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}
