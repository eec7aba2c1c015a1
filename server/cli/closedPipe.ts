/**
 * A closed pipe (`psram-lens check | head`) ends the run quietly, like other Unix tools: Node
 * ignores SIGPIPE, so a write to a closed stdout or stderr surfaces as an asynchronous EPIPE error
 * event that would otherwise crash the process with a stack trace. Installed once, for every verb.
 */
export function exitQuietlyOnClosedPipe(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
