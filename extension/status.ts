/** The status bar item's text and tooltip from what the server reports (pure; tested without VS Code). */
import type { ProjectStatus, ServerStatus } from '../server/protocol/lsp';

export interface StatusView {
  text: string;
  tooltip: string;
  /** True when the item should draw attention (server down, broken sdkconfig). */
  warning: boolean;
}

export function describeStatus(running: boolean, status: ServerStatus | undefined): StatusView {
  if (!running) {
    return {
      text: '$(circle-slash) PSRAM Lens',
      tooltip: 'The PSRAM Lens language server is not running. Click to show its output.',
      warning: true,
    };
  }
  if (!status || status.state === 'starting') {
    return {
      text: '$(sync~spin) PSRAM Lens',
      tooltip: 'Looking for ESP-IDF projects…',
      warning: false,
    };
  }
  const lines = status.projects.map(projectLine);
  const errors = status.projects.flatMap((p) => p.errors);
  const indexing = status.state === 'indexing' ? ' (indexing)' : '';
  const tooltip = [
    status.projects.length === 0 ? 'No ESP-IDF project found in the workspace.' : lines.join('\n'),
    `${status.indexedFiles} project files indexed${indexing}.`,
    ...errors,
  ].join('\n');
  const icon = status.state === 'indexing' ? '$(sync~spin)' : '$(chip)';
  let text: string;
  if (status.projects.length === 1) text = `${icon} ${summary(status.projects[0])}`;
  else if (status.projects.length === 0) text = `${icon} PSRAM Lens: no ESP-IDF project`;
  else text = `${icon} ${status.projects.length} ESP-IDF projects`;
  return { text, tooltip, warning: errors.length > 0 };
}

/** `esp32s3 · PSRAM malloc > 16 KiB`: the target and where malloc puts small objects. */
export function summary(p: ProjectStatus): string {
  const target = p.target ?? 'unknown target';
  if (p.psram === null) return `${target} · no sdkconfig`;
  if (!p.psram) return `${target} · no PSRAM`;
  if (p.spiramUseMalloc && p.alwaysInternalThreshold !== null) {
    return `${target} · PSRAM malloc > ${bytes(p.alwaysInternalThreshold)}`;
  }
  return `${target} · PSRAM (not for malloc)`;
}

function projectLine(p: ProjectStatus): string {
  const from = p.sdkconfigPath ?? 'no sdkconfig';
  return `${p.root}: ${summary(p)} (from ${from})`;
}

function bytes(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`;
}
