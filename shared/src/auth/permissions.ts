/**
 * Permissions are `<domain>.<resource>.<action>`. Each subgraph names the ones its fields need
 * with `@Requires`; roles are sets of them. `<domain>.*` and `*` are wildcards.
 */
export const DOMAINS = ['identity', 'assessments', 'crm', 'podcasts', 'conversations', 'billing'] as const;

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

/** The preset roles of seed 000 (admin, manager, user, viewer); tenants may define others. */
export const ROLE_PRESETS: Record<'admin' | 'manager' | 'user' | 'viewer', { level: number; permissions: string[] }> = {
  admin: { level: 4, permissions: DOMAINS.map((d) => `${d}.*`) },
  manager: {
    level: 3,
    permissions: [
      ...read,
      'assessments.assessment.write',
      'assessments.response.write',
      'crm.lead.write',
      'crm.lead.delete',
      'podcasts.podcast.write',
      'podcasts.episode.write',
      'conversations.conversation.write',
    ],
  },
  user: {
    level: 2,
    permissions: [...read, 'assessments.response.write', 'crm.lead.write', 'conversations.conversation.write'],
  },
  viewer: { level: 1, permissions: read },
};
