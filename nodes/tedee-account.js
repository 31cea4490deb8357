// Node-RED loads this file (package.json "node-red".nodes); the runtime is built from src/node-red/ to dist/.
// ESM: Node-RED 5 imports it, Node-RED 4 requires it (require(esm)); docs/module-format.md.
export { default } from '../dist/node-red/account.js';
