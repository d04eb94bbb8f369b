export { startGateway, type RunningGateway } from './server';
export { gatewayConfig, SUBGRAPH_NAMES, type GatewayConfig } from './config';
export { createJwtVerifier, ACCESS_TOKEN_ALGORITHMS } from './auth';
