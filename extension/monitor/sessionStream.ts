/**
 * The monitor's bytes on their way to the language server's heap session: one `begin`, the data
 * as latin1 strings (see server/protocol/heapSession.ts for why), `end`, and status changes.
 * Chunks arriving within DATA_COALESCE_MS go out as one message (a serial monitor writes a line
 * at a time). Free of VS Code: the panel bench drives it against the bundled server.
 */
import {
  beginSessionNotification,
  endSessionNotification,
  monitorStatusNotification,
  sessionDataNotification,
} from '../../server/protocol/heapSession';
import type { MonitorStatus } from '../../server/protocol/webview';
import type { NotificationSpec } from '../../server/protocol/rpc';

/** How long the first chunk waits for more before going out (adds at most this to latency). */
export const DATA_COALESCE_MS = 4;
/** Flushed at once above this size. */
const MAX_PENDING = 256 * 1024;

/** Sends a notification (by method name) to the server, or drops it when the server is not running. */
export type Notify = (method: string, params?: unknown) => void;

export class SessionStream {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly notify: Notify) {}

  begin(label: string): void {
    this.drop();
    this.send(beginSessionNotification, { source: 'monitor', label });
  }

  push(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= MAX_PENDING) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), DATA_COALESCE_MS);
  }

  end(): void {
    this.flush();
    this.send(endSessionNotification);
  }

  status(status: MonitorStatus): void {
    this.flush();
    this.send(monitorStatusNotification, status);
  }

  private send<P>(type: NotificationSpec<P>, params?: P): void {
    this.notify(type.method, params);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending).toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    this.send(sessionDataNotification, { data });
  }

  /** Forgets unsent data (a new session begins). */
  drop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
