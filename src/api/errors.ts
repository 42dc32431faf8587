// Every error leaves Vigil as {status, error, message}: the shape Symantec EDR clients read.
import { STATUS_CODES } from 'node:http';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export function errorBody(status: number, message: string, details?: Record<string, unknown>) {
  return { status, error: STATUS_CODES[status] ?? 'Error', message, ...details };
}
