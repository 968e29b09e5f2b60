/** A usage mistake on the command line: reported as one line, exit status 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}
