/**
 * Permissions are `<domain>.<resource>.<action>`. Each subgraph names the ones its fields need
 * with `@Requires`; roles are sets of them. `<domain>.*` and `*` are wildcards.
 */
export const DOMAINS = ['identity', 'assessments', 'crm', 'podcasts', 'conversations', 'billing'] as const;

/** 004's data scopes, applied to CRM records (leads, deals, calls, activities). */
export const DATA_SCOPE = {
  all: 'crm.data.view_all',
  team: 'crm.data.view_team',
  own: 'crm.data.view_own',
} as const;

const read = [
  'identity.user.read',
  'identity.role.read',
  'identity.tenant.read',
  'assessments.assessment.read',
  'assessments.response.read',
  'crm.lead.read',
  'podcasts.podcast.read',
  'podcasts.episode.read',
  'conversations.conversation.read',
  'billing.subscription.read',
  'billing.tier.read',
];
const everything = DOMAINS.map((d) => `${d}.*`);
const sell = ['crm.lead.write', 'conversations.conversation.write', 'assessments.response.write'];

export interface RolePreset {
  name: string;
  level: number;
  description: string;
  permissions: string[];
}

/**
 * Preset roles a tenant starts from; tenants may define their own. Seed 000 gives the default
 * set (admin, manager, user, viewer); 003's agency roles and 004's six-level hierarchy are
 * available as alternatives.
 */
export const ROLE_PRESETS: Record<'admin' | 'manager' | 'user' | 'viewer', RolePreset> = {
  admin: { name: 'admin', level: 4, description: 'Everything in the tenant', permissions: everything },
  manager: {
    name: 'manager',
    level: 3,
    description: "Manages the team's records",
    permissions: [
      ...read,
      ...sell,
      DATA_SCOPE.team,
      'assessments.assessment.write',
      'crm.lead.delete',
      'podcasts.podcast.write',
      'podcasts.episode.write',
    ],
  },
  user: { name: 'user', level: 2, description: 'Works their own records', permissions: [...read, ...sell, DATA_SCOPE.own] },
  viewer: { name: 'viewer', level: 1, description: 'Reads everything, changes nothing', permissions: [...read, DATA_SCOPE.all] },
};

/** Seed 003 (agency call logging): ceo, admin, sales. */
export const AGENCY_PRESETS: RolePreset[] = [
  { name: 'ceo', level: 3, description: 'Sees everything, including reports', permissions: [...read, DATA_SCOPE.all] },
  { name: 'admin', level: 2, description: 'Manages users and data', permissions: everything },
  { name: 'sales', level: 1, description: 'Logs and works their own calls and leads', permissions: [...read, ...sell, DATA_SCOPE.own] },
];

/** Seed 004 (EpesiCRM): six hierarchical levels. */
export const HIERARCHY_PRESETS: RolePreset[] = [
  { name: 'agent', level: 1, description: 'Basic user access', permissions: [...read, ...sell, DATA_SCOPE.own] },
  { name: 'sales_manager', level: 2, description: 'Team management', permissions: [...read, ...sell, 'crm.lead.delete', DATA_SCOPE.team] },
  { name: 'super_admin', level: 3, description: 'Advanced management', permissions: [...read, ...sell, 'crm.*', 'identity.user.write', DATA_SCOPE.all] },
  { name: 'director', level: 4, description: 'Executive access', permissions: [...read, DATA_SCOPE.all] },
  { name: 'admin', level: 5, description: 'Cross-workspace access', permissions: everything },
  { name: 'workspace_admin', level: 6, description: 'Analytics and workspace administration', permissions: everything },
];
