/** Errors the CLI reports as one line on stderr with exit code 2 (contract: usage error or unreadable input). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
