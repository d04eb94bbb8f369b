import type { QueryRunner } from 'typeorm';
import { APP_ROLE } from '../db/roles';
import { enableTenantIsolation } from '../db/rls';

/**
 * The audit trail is captured by the database, not by services: a row trigger on every tenant
 * table writes one event into `<schema>.outbox` in the same transaction as the change. A
 * mutation cannot forget it, and a rolled-back mutation leaves no event behind.
 *
 * These helpers are called by each subgraph's `...AuditTrail` migration. Every subgraph installs
 * its own copy of the functions in its own schema because subgraphs may live in different
 * databases. Treat the SQL as frozen: a later change goes into a new migration (with
 * CREATE OR REPLACE), never into an edit of these strings, or old and new databases diverge.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
}

/**
 * Column names whose values never leave the table, matched case-insensitively: a secret word as
 * the whole name or its last part (`secret`, `webhook_secret`, `reset_token`), or a storage
 * suffix (`password_hash`, `access_token_encrypted`). `token_expires_at` or `tokens_used` are
 * not secrets and stay readable. The key is kept with '[redacted]' so the trail still shows
 * THAT a password or a token changed.
 */
export const REDACTED_COLUMN_PATTERN =
  '(^|_)(password|passwd|secret|token|api_key|private_key|recovery_codes|backup_codes)$|_(hash|encrypted|digest|ciphertext|salt)$';

const CHECK_ACTION = `CHECK (action IN ('CREATE', 'UPDATE', 'DELETE'))`;

/** Creates `<schema>.outbox`, the audit trigger function and the relay's two narrow functions. */
export async function installOutbox(q: QueryRunner, schema: string): Promise<void> {
  const s = assertIdentifier(schema);

  // tenant_id has no foreign key: the outbox must never block deleting a tenant's rows, and
  // the tenants table lives in another subgraph (and maybe another database).
  // occurred_at defaults to clock_timestamp() (not now()) so that events of one transaction keep
  // their order: a lead created then updated in one request shows CREATE before UPDATE.
  await q.query(`
    CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      event_type varchar(50) NOT NULL CHECK (event_type IN ('audit')),
      entity_type varchar(100) NOT NULL,
      entity_id uuid NOT NULL,
      entity_name varchar(255),
      action varchar(20) NOT NULL ${CHECK_ACTION},
      old_values jsonb,
      new_values jsonb,
      actor_id uuid,
      request_id varchar(128),
      occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      delivered_at timestamptz,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      locked_until timestamptz
    )`);
  // Only undelivered rows are indexed, so the relay's claim reads a small index however long
  // delivered rows are kept. Leads with tenant_id like every index on a tenant table.
  await q.query(`CREATE INDEX outbox_pending_idx ON ${s}.outbox (tenant_id, id) WHERE delivered_at IS NULL`);
  await enableTenantIsolation(q, `${s}.outbox`);
  // The app role writes events (through the trigger, under RLS) and may read its own tenant's;
  // it can neither rewrite nor erase them. Delivery goes through claim/ack below.
  await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.outbox FROM ${APP_ROLE}`);

  // UUIDv7 (PostgreSQL 17 has no uuidv7()): a v4 whose first 48 bits are replaced by the Unix
  // time in milliseconds and whose version nibble becomes 7. Time-ordered ids keep the outbox
  // and identity's audit_logs appending at the right edge of their primary keys.
  await q.query(`
    CREATE FUNCTION ${s}.outbox_new_id() RETURNS uuid
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
      SELECT encode(
        set_bit(set_bit(
          overlay(uuid_send(gen_random_uuid())
                  PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                  FROM 1 FOR 6),
          52, 1), 53, 1),
        'hex')::uuid
    $$`);

  await q.query(`
    CREATE FUNCTION ${s}.audit_redact(p_values jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT CASE WHEN p_values IS NULL THEN NULL ELSE coalesce(
        (SELECT jsonb_object_agg(key,
                  CASE WHEN key ~* '${REDACTED_COLUMN_PATTERN}' AND value <> 'null'::jsonb
                       THEN '"[redacted]"'::jsonb ELSE value END)
           FROM jsonb_each(p_values)),
        '{}'::jsonb) END
    $$`);

  // Trigger arguments: entity type, tenant column, id column, then the columns left out of the
  // values (bookkeeping such as updated_at). The entity type is an argument rather than
  // TG_TABLE_NAME because a trigger on a partitioned table runs as a clone on each partition,
  // where TG_TABLE_NAME would be 'messages_2026_11'.
  // SECURITY INVOKER on purpose: the event is inserted as the app role under RLS, so its
  // tenant_id must equal the request's tenant or the whole mutation fails.
  await q.query(`
    CREATE FUNCTION ${s}.audit_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      ignored text[] := TG_ARGV[3:TG_NARGS - 1];
      full_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
      before_row jsonb;
      after_row jsonb;
      old_values jsonb;
      new_values jsonb;
      actor text := nullif(current_setting('app.user_id', true), '');
    BEGIN
      IF TG_OP <> 'INSERT' THEN before_row := to_jsonb(OLD) - ignored; END IF;
      IF TG_OP <> 'DELETE' THEN after_row := to_jsonb(NEW) - ignored; END IF;
      IF TG_OP = 'UPDATE' THEN
        -- Only the changed columns, on both sides; an update that changed nothing audited
        -- (only updated_at, last_login_at...) leaves no event.
        SELECT jsonb_object_agg(key, before_row -> key), jsonb_object_agg(key, after_row -> key)
          INTO old_values, new_values
          FROM jsonb_object_keys(after_row) AS key
         WHERE (after_row -> key) IS DISTINCT FROM (before_row -> key);
        IF new_values IS NULL THEN RETURN NULL; END IF;
      ELSE
        old_values := before_row;
        new_values := after_row;
      END IF;

      INSERT INTO ${s}.outbox (id, tenant_id, event_type, entity_type, entity_id, entity_name, action,
                               old_values, new_values, actor_id, request_id, occurred_at)
      VALUES (
        ${s}.outbox_new_id(),
        (full_row ->> TG_ARGV[1])::uuid,
        'audit',
        TG_ARGV[0],
        (full_row ->> TG_ARGV[2])::uuid,
        left(coalesce(full_row ->> 'name', full_row ->> 'title', full_row ->> 'email'), 255),
        CASE TG_OP WHEN 'INSERT' THEN 'CREATE' ELSE TG_OP END,
        ${s}.audit_redact(old_values),
        ${s}.audit_redact(new_values),
        -- A malformed actor must not fail the user's mutation: it is recorded as unknown.
        CASE WHEN actor ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN actor::uuid END,
        left(nullif(current_setting('app.request_id', true), ''), 128),
        clock_timestamp());
      RETURN NULL;
    END $$`);

  // The relay claims across tenants, which RLS forbids the app role. Instead of weakening the
  // policy, three narrow SECURITY DEFINER functions (owned by the migration role, which bypasses
  // RLS) do exactly the claim, the acknowledgement and the release, like identity.login_candidates.
  // Claim: a 30 s lease (locked_until) instead of a transaction held open during the HTTP call,
  // so a crashed relay's rows come back by themselves; FOR UPDATE SKIP LOCKED lets replicas
  // share the work. A relay that knows its delivery failed releases the rows at once (below) and
  // backs off itself, so an identity outage delays events by the relay's backoff (at most 30 s),
  // not by growing leases. attempts counts deliveries tried: a row whose count keeps climbing is
  // stuck, and that is what to alert on. Nothing is ever dropped.
  // occurred_at is returned as text with microseconds (a JavaScript Date keeps milliseconds).
  await q.query(`
    CREATE FUNCTION ${s}.claim_outbox(p_batch integer)
    RETURNS TABLE (id uuid, tenant_id uuid, event_type varchar, entity_type varchar, entity_id uuid,
                   entity_name varchar, action varchar, old_values jsonb, new_values jsonb, actor_id uuid,
                   request_id varchar, occurred_at text, attempts integer)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      UPDATE ${s}.outbox o
         SET attempts = o.attempts + 1,
             locked_until = now() + interval '30 seconds'
       WHERE o.id IN (
               SELECT p.id FROM ${s}.outbox p
                WHERE p.delivered_at IS NULL AND (p.locked_until IS NULL OR p.locked_until < now())
                ORDER BY p.id
                LIMIT least(greatest(p_batch, 1), 1000)
                FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.tenant_id, o.event_type, o.entity_type, o.entity_id, o.entity_name, o.action,
                o.old_values, o.new_values, o.actor_id, o.request_id,
                to_char(o.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), o.attempts
    $$`);
  // Ack marks rows delivered and prunes rows delivered more than a day ago. The day is a replay
  // window: after restoring identity, an operator can set delivered_at = NULL to send them again.
  // The prune walks the primary key below a UUIDv7 made of that cut-off time, so it reads only
  // old rows, at most 1000 per call.
  await q.query(`
    CREATE FUNCTION ${s}.ack_outbox(p_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      acked integer;
      cutoff uuid := encode(
        substring(int8send(floor(extract(epoch FROM now() - interval '1 day') * 1000)::bigint) FROM 3) || decode(repeat('00', 10), 'hex'),
        'hex')::uuid;
    BEGIN
      UPDATE ${s}.outbox SET delivered_at = now(), locked_until = NULL WHERE id = ANY(p_ids) AND delivered_at IS NULL;
      GET DIAGNOSTICS acked = ROW_COUNT;
      DELETE FROM ${s}.outbox WHERE id IN (
        SELECT id FROM ${s}.outbox WHERE id < cutoff AND delivered_at IS NOT NULL ORDER BY id LIMIT 1000);
      RETURN acked;
    END $$`);
  await q.query(`
    CREATE FUNCTION ${s}.release_outbox(p_ids uuid[]) RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      WITH released AS (
        UPDATE ${s}.outbox SET locked_until = NULL WHERE id = ANY(p_ids) AND delivered_at IS NULL RETURNING 1)
      SELECT count(*)::integer FROM released
    $$`);
  for (const fn of [`${s}.claim_outbox(integer)`, `${s}.ack_outbox(uuid[])`, `${s}.release_outbox(uuid[])`]) {
    await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
  }
}

export interface AuditTableOptions {
  /** The column holding the tenant: `tenant_id`, or `id` for the tenants table itself. */
  tenantColumn?: string;
  /** The column that identifies the entity: `id`, or one part of a composite key. */
  idColumn?: string;
  /**
   * Columns left out of the values: bookkeeping that changes without anyone changing the
   * entity (updated_at, last_login_at...) or that derives from other columns (search_vector,
   * counters). An update touching only these leaves no event. Also the way to hide a secret
   * column whose name REDACTED_COLUMN_PATTERN does not catch.
   */
  ignore?: string[];
}

/**
 * Puts `table` (schema-qualified) under the audit trail. On a partitioned table the trigger is
 * cloned onto every partition, the DEFAULT one and any created later included.
 */
export async function auditTable(q: QueryRunner, table: string, opts: AuditTableOptions = {}): Promise<void> {
  const [schema, name] = table.split('.').map(assertIdentifier);
  if (!name) throw new Error(`auditTable needs a schema-qualified table: ${table}`);
  const args = [name, opts.tenantColumn ?? 'tenant_id', opts.idColumn ?? 'id', ...(opts.ignore ?? [])].map(assertIdentifier);
  await q.query(
    `CREATE TRIGGER ${name}_audit AFTER INSERT OR UPDATE OR DELETE ON ${schema}.${name}
     FOR EACH ROW EXECUTE FUNCTION ${schema}.audit_row(${args.map((a) => `'${a}'`).join(', ')})`,
  );
}

/** For a migration's down(): drop the triggers first (`DROP TRIGGER <table>_audit ON ...`). */
export async function dropOutbox(q: QueryRunner, schema: string): Promise<void> {
  const s = assertIdentifier(schema);
  await q.query(`DROP FUNCTION ${s}.release_outbox(uuid[]), ${s}.ack_outbox(uuid[]), ${s}.claim_outbox(integer), ${s}.audit_row(), ${s}.audit_redact(jsonb), ${s}.outbox_new_id()`);
  await q.query(`DROP TABLE ${s}.outbox`);
}

/** Removes a table's audit trigger (a migration's down()). */
export async function dropAuditTable(q: QueryRunner, table: string): Promise<void> {
  const [schema, name] = table.split('.').map(assertIdentifier);
  await q.query(`DROP TRIGGER ${name}_audit ON ${schema}.${name}`);
}
