import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

export class PodcastsInit1764000000000 implements MigrationInterface {
  name = 'PodcastsInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('podcasts'));

    // (tenant_id, id) is unique so that episodes can reference it: a child can never point
    // at another tenant's podcast, even if the application check were bypassed.
    await q.query(`
      CREATE TABLE podcasts.podcasts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name varchar(255) NOT NULL,
        description text,
        rss_feed_url varchar(2048),
        website_url varchar(2048),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT podcasts_tenant_id_key UNIQUE (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX podcasts_tenant_created_idx ON podcasts.podcasts (tenant_id, created_at, id)`);
    await q.query(`CREATE INDEX podcasts_tenant_name_idx ON podcasts.podcasts (tenant_id, name, id)`);
    await touchUpdatedAt(q, 'podcasts.podcasts');
    await enableTenantIsolation(q, 'podcasts.podcasts');

    // published_at and episode_number are NOT NULL because lists sort by them (keyset cursors).
    await q.query(`
      CREATE TABLE podcasts.episodes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        podcast_id uuid NOT NULL,
        title varchar(500) NOT NULL,
        description text,
        episode_number integer NOT NULL CHECK (episode_number >= 1),
        published_at timestamptz NOT NULL DEFAULT now(),
        duration_seconds integer CHECK (duration_seconds >= 0),
        audio_url varchar(2048),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT episodes_podcast_fk FOREIGN KEY (tenant_id, podcast_id)
          REFERENCES podcasts.podcasts (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT episodes_tenant_podcast_number_key UNIQUE (tenant_id, podcast_id, episode_number)
      )`);
    await q.query(`CREATE INDEX episodes_tenant_podcast_published_idx ON podcasts.episodes (tenant_id, podcast_id, published_at, id)`);
    await q.query(`CREATE INDEX episodes_tenant_published_idx ON podcasts.episodes (tenant_id, published_at, id)`);
    await q.query(`CREATE INDEX episodes_tenant_created_idx ON podcasts.episodes (tenant_id, created_at, id)`);
    await touchUpdatedAt(q, 'podcasts.episodes');
    await enableTenantIsolation(q, 'podcasts.episodes');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE podcasts.episodes`);
    await q.query(`DROP TABLE podcasts.podcasts`);
    await q.query(`DROP FUNCTION podcasts.touch_updated_at()`);
  }
}
