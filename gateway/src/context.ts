import type { Principal } from '@leadgraph/shared';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
}
