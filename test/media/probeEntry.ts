// The browser tests' and the bench's build of the panel page: the page itself, plus its read-only
// probe on `globalThis.psramLensPanel` for page.evaluate (the shipped bundle has no such global).
import { probe } from '../../media/panel/main';

(globalThis as unknown as { psramLensPanel: typeof probe }).psramLensPanel = probe;
