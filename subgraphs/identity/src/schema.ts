import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { ApiKeyResolver } from './api-key/api-key.resolver';
import { AuditLogResolver } from './audit/audit.resolver';
import { EmailVerificationResolver } from './auth/email-verification.resolver';
import { LoginResolver } from './auth/login.resolver';
import { PasswordResetResolver } from './auth/password-reset.resolver';
import { SignUpResolver } from './auth/signup.resolver';
import { MfaResolver } from './mfa/mfa.resolver';
import { SessionResolver } from './session/session.resolver';
import { RoleResolver, resolveRoleReference } from './role/role.resolver';
import { TenantResolver, resolveTenantReference } from './tenant/tenant.resolver';
import { UserResolver, resolveUserReference } from './user/user.resolver';
import { ErrorLogResolver } from './error-log/error-log.resolver';
import { SecurityLogResolver } from './security/security-log.resolver';
import { GdprRequestResolver } from './gdpr/gdpr.resolver';
import { OnboardingResolver } from './onboarding/onboarding.resolver';
import { ResourceOwnershipResolver } from './ownership/ownership.resolver';
import { PermissionResolver } from './permission/permission.resolver';
import { AccessControlPolicyResolver } from './policy/policy.resolver';
import { ProjectResolver, resolveProjectReference } from './project/project.resolver';
import { EmailPreferencesResolver, TenantSettingsResolver } from './settings/settings.resolver';
import { WorkspaceResolver, resolveWorkspaceReference } from './workspace/workspace.resolver';

export const identityDefinition: SubgraphDefinition = {
  name: 'identity',
  resolvers: [LoginResolver, UserResolver, TenantResolver, RoleResolver, SignUpResolver, SessionResolver, PasswordResetResolver, EmailVerificationResolver, MfaResolver, ApiKeyResolver, AuditLogResolver, TenantSettingsResolver, EmailPreferencesResolver, WorkspaceResolver, ProjectResolver, PermissionResolver, ResourceOwnershipResolver, AccessControlPolicyResolver, GdprRequestResolver, OnboardingResolver, ErrorLogResolver, SecurityLogResolver],
  references: { User: resolveUserReference, Tenant: resolveTenantReference, Role: resolveRoleReference, Workspace: resolveWorkspaceReference, Project: resolveProjectReference },
};

export const buildIdentitySchema = (): Promise<GraphQLSchema> => buildSubgraph(identityDefinition);
