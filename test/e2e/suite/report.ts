// What the suite prints for people: mocha's report and measured figures. The prefix lets the
// code-server runner pick these lines out of the workbench's console (see ../lib/relay.ts); the
// extension host's console is the only channel out of it under both runners.
import { relayMark } from '../lib/relay';

export function report(line: string): void {
  console.log(relayMark + line);
}
