/**
 * Where the Keys page's files are (index.html and assets/): the package's src/api/page folder. The page is
 * plain HTML, CSS and ES modules served as written, with no build step, so the same folder serves a checkout
 * run from TypeScript (this file in src/api/) and the built package (this file in dist/api/): both resolve
 * `../../src/api/page/` to it. package.json `files` ships the folder. Pass it as the API server's `page.root`.
 */
import { fileURLToPath } from 'node:url';

export const KEYS_PAGE_ROOT = fileURLToPath(new URL('../../src/api/page/', import.meta.url));
