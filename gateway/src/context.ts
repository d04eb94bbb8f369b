import type { Principal } from '@leadgraph/shared';
import type { RequestObservation } from './operations';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /**
   * The caller's address as the gateway's socket saw it (`req.ip`): anonymous callers (sign-in
   * flows) are rate-limited per address. Unset, they share one limit.
   */
  clientIp?: string;
  /** What the operations module records of this request (its log line, its metrics). */
  observation?: RequestObservation;
}
