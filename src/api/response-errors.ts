// The response module's refusals as API errors: bad input 400, unknown id 404.
import { ResponseInputError, ResponseNotFoundError } from '../response/index.ts';
import { ApiError } from './errors.ts';

export async function answering<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ResponseInputError) throw new ApiError(400, error.message);
    if (error instanceof ResponseNotFoundError) throw new ApiError(404, error.message);
    throw error;
  }
}
