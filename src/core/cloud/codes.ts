/** The stable codes of cloud errors, as the client defines them; the hub keeps them unchanged. */
export type { TedeeErrorCode as CloudErrorCode } from '../../client/index.js';
/** Where the hub talks to when no apiUrl is set; front ends show it (e.g. "waiting for the Tedee cloud at ..."). */
export { DEFAULT_API_URL } from '../../client/index.js';
