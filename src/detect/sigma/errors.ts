// A rule problem a user can fix: which file, where in it, which field, and what was wrong.

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export class SigmaRuleError extends Error {
  constructor(
    readonly file: string,
    readonly position: SourcePosition | undefined,
    /** The rule field the problem is in, as a path such as `detection.selection.Image|endswith`. */
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'SigmaRuleError';
  }
}
