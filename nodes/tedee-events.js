// Node-RED loads this file (package.json "node-red".nodes); the runtime is built from src/node-red/ to dist/.
export { default } from '../dist/node-red/events.js';
