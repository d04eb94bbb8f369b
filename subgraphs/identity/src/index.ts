import 'reflect-metadata';
import { mountAuditEventsRoute, type SubgraphModule } from '@leadgraph/shared';
import { mountErrorLogsRoute } from './error-log/error-log.ingest';
import { IdentityInit1764000000000 } from '../migrations/1764000000000-IdentityInit';
import { IdentitySecurityLogs1764100000000 } from '../migrations/1764100000000-IdentitySecurityLogs';
import { IdentityAuthFlows1764100000200 } from '../migrations/1764100000200-IdentityAuthFlows';
import { IdentityApiKeys1764100000300 } from '../migrations/1764100000300-IdentityApiKeys';
import { IdentityAuditTrail1764100000400 } from '../migrations/1764100000400-IdentityAuditTrail';
import { IdentityDirectory1764100000100 } from '../migrations/1764100000100-IdentityDirectory';
import { ApiKeyTrustedDocuments1764200000000 } from '../migrations/1764200000000-ApiKeyTrustedDocuments';
import { ApiKey } from './api-key/api-key.entity';
import { AuditLog } from './audit/audit.entity';
import { storeAuditEvents } from './audit/audit.ingest';
import { EmailVerificationToken, PasswordResetToken } from './auth/one-time-token.entity';
import { tokenService } from './auth/token.service';
import { identityConfig } from './config';
import { mountPrincipalRoute } from './principal/principal.route';
import { Role, UserRole } from './role/role.entity';
import { AccessLog, SecurityEvent } from './security/security-log.entity';
import { identityDefinition } from './schema';
import { seedIdentity } from './seed';
import { RefreshToken } from './session/refresh-token.entity';
import { Tenant } from './tenant/tenant.entity';
import { ErrorLog } from './error-log/error-log.entity';
import { GdprRequest } from './gdpr/gdpr.entity';
import { OnboardingProgress, OnboardingStep } from './onboarding/onboarding.entity';
import { ResourceOwnership } from './ownership/ownership.entity';
import { Permission, RolePermission } from './permission/permission.entity';
import { AccessControlPolicy } from './policy/policy.entity';
import { Project } from './project/project.entity';
import { TenantSettings, UserEmailPreferences, WhiteLabelSettings } from './settings/settings.entity';
import { Workspace } from './workspace/workspace.entity';
import { User } from './user/user.entity';

export const identity: SubgraphModule = {
  name: 'identity',
  defaultPort: 4001,
  entities: [Tenant, User, Role, UserRole, SecurityEvent, AccessLog, RefreshToken, PasswordResetToken, EmailVerificationToken, ApiKey, AuditLog, TenantSettings, WhiteLabelSettings, UserEmailPreferences, Workspace, Project, Permission, RolePermission, ResourceOwnership, AccessControlPolicy, GdprRequest, OnboardingStep, OnboardingProgress, ErrorLog],
  migrations: [IdentityInit1764000000000, IdentitySecurityLogs1764100000000, IdentityDirectory1764100000100, IdentityAuthFlows1764100000200, IdentityApiKeys1764100000300, IdentityAuditTrail1764100000400, ApiKeyTrustedDocuments1764200000000],
  definition: identityDefinition,
  seedDemo: seedIdentity,
  routes(app, deps) {
    // Public keys of the access tokens; the gateway verifies callers against them.
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').json(tokenService(() => identityConfig()).jwks);
    });
    // Who a credential belongs to right now (API keys, deactivated users): the gateway asks.
    mountPrincipalRoute(app, deps);
    // Every subgraph's outbox relay delivers its audit events here (internal, relay token only).
    mountAuditEventsRoute(app, deps, storeAuditEvents);
    // ...and the errors they masked, for support to read by request id.
    mountErrorLogsRoute(app, deps);
  },
};

export { Tenant, User, Role, UserRole };
export { TokenService } from './auth/token.service';
export { identityConfig } from './config';
// A deployment plugs its mail delivery in here (the default writes mails to the log).
export { LogMailer, MemoryMailer, setMailer, type Mailer, type MailMessage } from './mail/mailer';
