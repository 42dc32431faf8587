// A mistake the user can fix. main.ts prints its message as one line (`vigil: …`) and exits 1,
// instead of a stack trace.
export class CliError extends Error {
  override name = 'CliError';
}
