/** The hub's HTTP API (issue 12): the server, its configuration and route table. */
export { createApiServer } from './server.js';
export type { ApiServer, ApiServerConfig, ApiServerOptions } from './server.js';
