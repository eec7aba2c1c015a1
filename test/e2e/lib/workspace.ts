// Temporary workspaces: a copy of the bundled example ESP-IDF project (tests edit it freely), and a
// plain folder that is not an ESP-IDF project (the extension must stay asleep there).
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleProject } from './paths';

export interface TempWorkspace {
  path: string;
  dispose(): void;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `psram-lens-${prefix}-`));
}

export function copyExample(): TempWorkspace {
  const root = tempDir('ws');
  const path = join(root, 'webrtc-streamer');
  cpSync(exampleProject, path, {
    recursive: true,
    filter: (src) => !/[\\/](build|managed_components)([\\/]|$)/.test(src),
  });
  return { path, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export function plainFolder(): TempWorkspace {
  const root = tempDir('plain');
  const path = join(root, 'notes');
  mkdirSync(join(path, 'src'), { recursive: true });
  writeFileSync(join(path, 'README.md'), '# Not an ESP-IDF project\n');
  writeFileSync(
    join(path, 'src', 'main.cpp'),
    '#include <memory>\nint main() { auto p = std::make_shared<int>(1); return *p; }\n',
  );
  return { path, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
