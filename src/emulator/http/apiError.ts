/** An error answer of the emulated API: the status, the message for `errorMessages`, an optional result. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly result?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, result?: unknown) => new ApiError(400, message, result);
export const forbidden = (message: string) => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);
