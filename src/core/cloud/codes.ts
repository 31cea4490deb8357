/** The stable codes of cloud errors, as the client defines them; the hub keeps them unchanged. */
export type { TedeeErrorCode as CloudErrorCode } from '../../client/index.js';
