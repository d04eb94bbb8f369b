import type { EntityManager } from 'typeorm';
import type { DemoContext } from '@leadgraph/shared';

// Conversation 0 is with the person behind crm's demo lead 2 (Ines Duarte), and points at it.
const CONVERSATIONS = [
  {
    participant: 'Ines Duarte',
    leadIndex: 2,
    messages: [
      ['inbound', 'Hi! Saw your post about pipeline automation. Does it work with HubSpot?'],
      ['outbound', 'It does: leads sync both ways. Want a short demo this week?'],
      ['inbound', 'Yes please, Thursday afternoon works for our team of five.'],
    ],
  },
  {
    participant: 'Sam Keller',
    leadIndex: null,
    messages: [
      ['inbound', 'What does the starter plan include?'],
      ['outbound', 'Unlimited assessments and up to 500 leads a month.'],
      ['inbound', 'Thanks, I will come back to you.'],
    ],
  },
] as const;

const MINUTE = 60_000;

/**
 * Per tenant: one LinkedIn account, two conversations of three messages each. Times are set
 * here with millisecond precision (list cursors carry JS Dates), relative to the seeding time.
 */
export async function seedConversations(manager: EntityManager, demo: DemoContext): Promise<void> {
  const now = Date.now();
  for (const tenant of demo.tenants) {
    const accountId = demo.id(`${tenant.slug}:social-account:0`);
    // Tokens will be encrypted by the connect flow (a later change); until then the demo stores
    // a placeholder that is no credential at all.
    await manager.query(
      `INSERT INTO conversations.social_accounts (id, tenant_id, platform, account_id, account_name, access_token_encrypted,
                                                  metadata, connected_at)
       VALUES ($1, $2, 'linkedin', $3, $4, 'demo-placeholder-not-a-token', '{"demo": true}', $5) ON CONFLICT (id) DO NOTHING`,
      [accountId, tenant.id, `${tenant.slug}-linkedin`, `${tenant.name} on LinkedIn`, new Date(now - 30 * 24 * 60 * MINUTE)],
    );
    for (const [i, conv] of CONVERSATIONS.entries()) {
      const conversationId = demo.id(`${tenant.slug}:conversation:${i}`);
      const startedAt = now - (i + 1) * 120 * MINUTE;
      const times = conv.messages.map((_, j) => new Date(startedAt + j * 10 * MINUTE));
      await manager.query(
        `INSERT INTO conversations.conversations (id, tenant_id, social_account_id, platform_conversation_id, participant_id,
                                                  participant_name, status, started_at, last_message_at, message_count, lead_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [
          conversationId,
          tenant.id,
          accountId,
          `${tenant.slug}-thread-${i}`,
          `${tenant.slug}-participant-${i}`,
          conv.participant,
          new Date(startedAt),
          times[times.length - 1],
          conv.messages.length,
          conv.leadIndex == null ? null : demo.id(`${tenant.slug}:lead:${conv.leadIndex}`),
        ],
      );
      for (const [j, [direction, content]] of conv.messages.entries()) {
        // The primary key is (id, received_at) and received_at moves with the seeding time, so
        // ON CONFLICT (id) cannot apply here: NOT EXISTS keeps the seed idempotent.
        await manager.query(
          `INSERT INTO conversations.messages (id, tenant_id, conversation_id, platform_message_id, direction, content, sender_id, received_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8
           WHERE NOT EXISTS (SELECT 1 FROM conversations.messages WHERE id = $1)`,
          [
            demo.id(`${tenant.slug}:message:${i}:${j}`),
            tenant.id,
            conversationId,
            `${tenant.slug}-msg-${i}-${j}`,
            direction,
            content,
            direction === 'inbound' ? `${tenant.slug}-participant-${i}` : `${tenant.slug}-linkedin`,
            times[j],
          ],
        );
      }
    }
  }
}
