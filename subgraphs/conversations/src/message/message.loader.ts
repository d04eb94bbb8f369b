import DataLoader from 'dataloader';
import { isUUID } from 'class-validator';
import { AppError, ErrorCode, byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Message, type MessageDirection } from './message.entity';

export const messageById = (ctx: RequestContext) => loader(ctx, 'message.byId', (c) => byIdLoader(c, Message));

/** One page of a conversation's messages, newest first. */
export interface MessagePageKey {
  conversationId: string;
  first: number;
  /** The decoded `after` cursor: exact received_at text and id. */
  after: [string, string] | null;
}
export interface MessagePage {
  messages: { message: Message; cursor: string }[];
  hasMore: boolean;
}

const CURSOR_KIND = 'message:receivedAt:DESC,id:DESC';
// PostgreSQL keeps microseconds and a JS Date only milliseconds: the cursor carries the exact
// text of received_at, or paging would skip or repeat messages of the same millisecond.
const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

const encodeCursor = (receivedAt: string, id: string) =>
  Buffer.from(JSON.stringify({ k: CURSOR_KIND, v: [receivedAt, id] })).toString('base64url');

/** Called by the resolver before batching, so a bad cursor fails only its own field. */
export function decodeMessageCursor(cursor: string): [string, string] {
  try {
    const { k, v } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: unknown; v: unknown };
    if (k === CURSOR_KIND && Array.isArray(v) && v.length === 2) {
      const [at, id] = v as unknown[];
      if (typeof at === 'string' && EXACT_TIMESTAMP.test(at) && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && isUUID(id)) {
        return [at, id];
      }
    }
  } catch {
    /* fall through */
  }
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid cursor for this list and order');
}

interface MessageRow {
  id: string;
  tenant_id: string;
  conversation_id: string;
  platform_message_id: string;
  direction: MessageDirection;
  content: string;
  sender_id: string | null;
  received_at: Date;
  received_at_exact: string;
  metadata: Record<string, unknown>;
  key_index: string;
}

const toMessage = (row: MessageRow): Message =>
  Object.assign(new Message(), {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    platformMessageId: row.platform_message_id,
    direction: row.direction,
    content: row.content,
    senderId: row.sender_id,
    receivedAt: row.received_at,
    metadata: row.metadata,
  });

/**
 * Pages of messages for every conversation asked for in one tick, in ONE query: a LATERAL
 * subquery per (conversation, first, after) walks the (tenant_id, conversation_id,
 * received_at DESC, id DESC) index and stops after first+1 rows. RLS on the parent table
 * supplies the tenant_id condition.
 */
export const messagePages = (ctx: RequestContext) =>
  loader(ctx, 'message.pages', (c) =>
    new DataLoader<MessagePageKey, MessagePage, string>(
      async (keys) => {
        const afters = keys.map((k) => k.after);
        const rows: MessageRow[] = await c.manager.query(
          `SELECT m.id, m.tenant_id, m.conversation_id, m.platform_message_id, m.direction, m.content, m.sender_id,
                  m.received_at, to_json(m.received_at) #>> '{}' AS received_at_exact, m.metadata, k.key_index
           FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::int[]) WITH ORDINALITY
                AS k(conversation_id, after_at, after_id, page_size, key_index)
           CROSS JOIN LATERAL (
             SELECT * FROM conversations.messages m
             WHERE m.conversation_id = k.conversation_id
               AND (k.after_at IS NULL OR (m.received_at, m.id) < (k.after_at, k.after_id))
             ORDER BY m.received_at DESC, m.id DESC
             LIMIT k.page_size + 1
           ) m
           ORDER BY k.key_index, m.received_at DESC, m.id DESC`,
          [keys.map((k) => k.conversationId), afters.map((a) => a?.[0] ?? null), afters.map((a) => a?.[1] ?? null), keys.map((k) => k.first)],
        );
        const pages = keys.map((): MessagePage => ({ messages: [], hasMore: false }));
        for (const row of rows) {
          const page = pages[Number(row.key_index) - 1];
          if (page.messages.length < keys[Number(row.key_index) - 1].first) {
            page.messages.push({ message: toMessage(row), cursor: encodeCursor(row.received_at_exact, row.id) });
          } else {
            page.hasMore = true;
          }
        }
        return pages;
      },
      { cacheKeyFn: (k) => `${k.conversationId}|${k.first}|${k.after?.join('|') ?? ''}` },
    ),
  );
