// The one error a query can cause: it says where (0-based offset) and what was expected there.

export interface QueryProblem {
  expected: string;
  position: number;
  /** What stood there instead, already quoted; absent at the end of the query. */
  found?: string;
  /** Why the value found does not fit, when that is not obvious. */
  detail?: string;
}

export class QueryError extends Error {
  readonly position: number;
  readonly expected: string;

  constructor(problem: QueryProblem) {
    const found = problem.found === undefined ? '' : `, found ${problem.found}`;
    const detail = problem.detail === undefined ? '' : ` (${problem.detail})`;
    super(`query: expected ${problem.expected} at position ${problem.position}${found}${detail}`);
    this.name = 'QueryError';
    this.position = problem.position;
    this.expected = problem.expected;
  }
}

/** Text quoted for an error message, shortened so one bad value does not flood it. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
