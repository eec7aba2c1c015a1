// `npm run vscode`: opens the bundled example project in code-server with the packaged extension
// installed, for anyone who wants to try PSRAM Lens in a browser. Loopback only, no password.
// PORT picks the port (default 8080); Ctrl+C stops the server. The fake serial device stands in
// for a board, so "PSRAM Lens: Start Monitor" shows a recorded session.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer } from '../../test/e2e/lib/codeServer';
import { exampleProject, repoRoot, vsixPath } from '../../test/e2e/lib/paths';

async function main(): Promise<void> {
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run npm run package`);
  const fakeDevice = join(repoRoot, 'test', 'fixtures', 'device', 'fake-device.mjs');
  const server = await CodeServer.start({
    vsix: vsixPath,
    port: Number(process.env.PORT ?? 8080),
    machineSettings: existsSync(fakeDevice)
      ? { 'psramLens.monitor.command': `node ${fakeDevice} --hold` }
      : undefined,
  });
  console.log(`PSRAM Lens in VS Code: ${server.url(exampleProject)}`);
  console.log('(Ctrl+C stops code-server)');
  const stop = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`vscode: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
