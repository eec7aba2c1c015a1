/**
 * Bytes from any source (the monitor's pseudoterminal, a followed file, a saved log) → the
 * streaming parser → the panel's store, with one callback per chunk that produced events.
 * Free of VS Code: the monitor tests drive it with the fake serial device.
 */
import type { HeapEvent } from '../../server/protocol/events';
import type { Chip } from '../../server/target/chips';
import { LogStreamParser } from '../../server/logparse/parser';
import type { HostMessage, SessionInfo } from '../../server/protocol/webview';
import type { PanelStore } from '../panel/panelStore';

export class LogPipeline {
  private parser: LogStreamParser;

  constructor(
    private readonly store: PanelStore,
    private readonly onEvents: (events: readonly HeapEvent[]) => void,
  ) {
    this.parser = new LogStreamParser();
  }

  /** Starts a new session: fresh parser and model; returns the webview's `reset`. */
  begin(source: SessionInfo['source'], label: string, chip: Chip | null): HostMessage {
    this.parser = new LogStreamParser({ chip });
    return this.store.startSession(source, label, chip);
  }

  push(chunk: string | Uint8Array): void {
    this.deliver(this.parser.push(chunk));
  }

  /** The source ended: flush a last unterminated line or open block. */
  end(): void {
    this.deliver(this.parser.end());
  }

  private deliver(events: HeapEvent[]): void {
    if (events.length === 0) return;
    const chip = this.parser.chip;
    if (chip && chip !== this.store.currentChip) this.store.setChip(chip);
    this.store.apply(events);
    this.onEvents(events);
  }
}
