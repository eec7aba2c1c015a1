/**
 * `psram-lens`: the command-line surface of docs/cli.md.
 * Each verb lives in its own module and registers itself on the program.
 * Exit codes: 0 ok, 1 findings / changes needed, 2 usage error or unreadable input.
 */
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { describeError } from '../errors';
import { exitQuietlyOnClosedPipe } from './closedPipe';
import { registerCheck } from './check';
import { registerReport } from './report';
import { registerFix } from './fix';
import { registerSimulate } from './simulate';
import { registerParseLog } from './parseLog';

export function buildProgram(): Command {
  const program = new Command('psram-lens')
    .description('Find, fix and verify C++ allocations that defeat PSRAM placement on ESP32.')
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCheck(program);
  registerFix(program);
  registerSimulate(program);
  registerParseLog(program);
  registerReport(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

declare const __PSRAM_LENS_VERSION__: string | undefined;
const VERSION = typeof __PSRAM_LENS_VERSION__ === 'string' ? __PSRAM_LENS_VERSION__ : '0.1.0';

export async function main(argv: string[]): Promise<number> {
  // A CLI run is short: V8's optimising recompile of the 3.4 MB C++ grammar costs more CPU than it
  // saves (measured: −25 % CPU on a 200k-line check, −50 % on the example; neutral when every file
  // is a candidate). The long-running language server keeps the default tier-up.
  setFlagsFromString('--liftoff-only');
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0; real usage errors were already printed.
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`psram-lens: ${describeError(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  exitQuietlyOnClosedPipe();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`psram-lens: ${describeError(e)}\n`);
      process.exitCode = 2;
    },
  );
}
