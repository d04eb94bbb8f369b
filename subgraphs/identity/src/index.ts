import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { IdentityInit1764000000000 } from '../migrations/1764000000000-IdentityInit';
import { IdentitySecurityLogs1764100000000 } from '../migrations/1764100000000-IdentitySecurityLogs';
import { tokenService } from './auth/token.service';
import { identityConfig } from './config';
import { Role, UserRole } from './role/role.entity';
import { AccessLog, SecurityEvent } from './security/security-log.entity';
import { identityDefinition } from './schema';
import { seedIdentity } from './seed';
import { Tenant } from './tenant/tenant.entity';
import { User } from './user/user.entity';

export const identity: SubgraphModule = {
  name: 'identity',
  defaultPort: 4001,
  entities: [Tenant, User, Role, UserRole, SecurityEvent, AccessLog],
  migrations: [IdentityInit1764000000000, IdentitySecurityLogs1764100000000],
  definition: identityDefinition,
  seedDemo: seedIdentity,
  routes(app) {
    // Public keys of the access tokens; the gateway verifies callers against them.
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').json(tokenService(() => identityConfig()).jwks);
    });
  },
};

export { Tenant, User, Role, UserRole };
export { TokenService } from './auth/token.service';
export { identityConfig } from './config';
