/** Client errors turned into HubErrors: the code, and whether the request may have reached the cloud, kept. */
import { TedeeError } from '../../client/index.js';
import { HubError } from '../errors.js';

/** Turns any error into a HubError with a stable code; cloud codes are kept as they are. */
export function toHubError(error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (error instanceof TedeeError) {
    const details = error as TedeeError & { retryAfterMs?: number; scope?: string; validationCode?: number };
    return new HubError(error.code, error.message, {
      retryAfterMs: details.retryAfterMs,
      scope: details.scope,
      sent: error.sent,
      status: error.status,
      validationCode: details.validationCode,
    });
  }
  return new HubError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** Runs a client call; whatever it throws comes out as a HubError. */
export async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHubError(error);
  }
}
