/**
 * Typed access to the webview API that VS Code injects (`acquireVsCodeApi`): messages are the
 * protocol's `WebviewMessage`, the persisted UI state is `UiState` (kept by VS Code across
 * hide/show, so filters and the chosen tab survive while the data is re-hydrated by the host).
 */
import type { PanelTab, SimSlot, WebviewMessage } from '../../server/protocol/webview';
import { DEFAULT_QUERY, type TableQuery } from './tableQuery';

export type TabId = PanelTab;

export interface UiState {
  tab: TabId;
  query: TableQuery;
  scenarioIndex: number;
  scenarioText: string | null;
  /** The listed scenario the editor's text was loaded from (the server resolves its sdkconfigFile). */
  scenarioOrigin: string | null;
  lastRunSlot: SimSlot;
  /** The live tab's chart is expanded; null until the user chooses (then: open when the view is tall). */
  chartOpen: boolean | null;
}

export const DEFAULT_UI_STATE: UiState = {
  tab: 'live',
  query: DEFAULT_QUERY,
  scenarioIndex: 0,
  scenarioText: null,
  scenarioOrigin: null,
  lastRunSlot: 'a',
  chartOpen: null,
};

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PanelHost {
  post(message: WebviewMessage): void;
  loadState(): UiState;
  saveState(state: UiState): void;
}

export function connectHost(): PanelHost {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => {
      const s = api.getState() as Partial<UiState> | undefined;
      return {
        ...DEFAULT_UI_STATE,
        ...s,
        query: { ...DEFAULT_QUERY, ...(s?.query ?? {}) },
      };
    },
    saveState: (state) => api.setState(state),
  };
}
