/**
 * Clear sentences for the ways a monitor session ends badly. pyserial / esp-idf-monitor print
 * these errors on the terminal; the panel status repeats them in words a user can act on.
 */
const PORT_PROBLEMS: { pattern: RegExp; explain: (port: string) => string }[] = [
  {
    pattern:
      /(Errno 16\]|Device or resource busy|Could not exclusively lock port|Resource temporarily unavailable|port is busy)/i,
    explain: (p) =>
      `The serial port ${p} is busy: close the other monitor or flasher using it, then start again.`,
  },
  {
    pattern: /(Errno 13\]|Permission denied)/i,
    explain: (p) =>
      `No permission to open ${p}: add your user to the dialout (or uucp) group, then log in again.`,
  },
  {
    pattern: /(could not open port|No such file or directory: '\/dev\/|Errno 2\] could not open)/i,
    explain: (p) =>
      `The serial port ${p} could not be opened: is the board connected, and is the port right (psramLens.monitor.port)?`,
  },
];

/** The first port problem the monitor output names, as a sentence, else null. */
export function portProblem(output: string, port: string): string | null {
  for (const p of PORT_PROBLEMS) {
    if (p.pattern.test(output)) return p.explain(port || 'the serial port');
  }
  return null;
}

export function exitMessage(
  code: number | null,
  error: Error | undefined,
  problem: string | null,
): string {
  if (error) return `The monitor could not be started: ${error.message}`;
  if (problem) return problem;
  if (code === 0) return 'The monitor exited. The panel keeps what it received.';
  if (code === null) return 'The monitor was stopped. The panel keeps what it received.';
  return `The monitor exited with code ${code}. The panel keeps what it received.`;
}
