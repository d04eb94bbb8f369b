import type { EntityManager } from 'typeorm';
import type { DemoContext } from '@leadgraph/shared';

const SHOWS = [
  {
    name: 'Pipeline Stories',
    description: 'Sales leaders on how their best deals were won.',
    slug: 'pipeline-stories',
    episodes: ['Qualifying with a five-minute assessment', 'The call that saved the quarter', 'Pricing without flinching'],
  },
  {
    name: 'Revenue Radio',
    description: 'Weekly notes on marketing attribution and growth.',
    slug: 'revenue-radio',
    episodes: ['Which ad actually worked?', 'Promo codes versus vanity URLs', 'Listeners to leads'],
  },
];

const DAY_MS = 86_400_000;

/** Two shows per tenant, three weekly episodes each; ids are demo ids so others can point at them. */
export async function seedPodcasts(manager: EntityManager, demo: DemoContext): Promise<void> {
  for (const tenant of demo.tenants) {
    for (const [i, show] of SHOWS.entries()) {
      const podcastId = demo.id(`${tenant.slug}:podcast:${i}`);
      await manager.query(
        `INSERT INTO podcasts.podcasts (id, tenant_id, name, description, rss_feed_url, website_url)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [
          podcastId,
          tenant.id,
          show.name,
          show.description,
          `https://feeds.${tenant.slug}.example/${show.slug}.xml`,
          `https://${tenant.slug}.example/podcasts/${show.slug}`,
        ],
      );
      for (const [j, title] of show.episodes.entries()) {
        // Fixed dates keep a re-seed identical; episode 1 is the oldest. No conflict target: a
        // number a user has since reused in the show must not fail the re-seed either.
        const publishedAt = new Date(Date.UTC(2026, 0, 5) + (j * 7 + i) * DAY_MS);
        await manager.query(
          `INSERT INTO podcasts.episodes (id, tenant_id, podcast_id, title, episode_number, published_at, duration_seconds, audio_url)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [
            demo.id(`${tenant.slug}:episode:${i}:${j}`),
            tenant.id,
            podcastId,
            title,
            j + 1,
            publishedAt,
            1800 + j * 300,
            `https://cdn.${tenant.slug}.example/${show.slug}/${j + 1}.mp3`,
          ],
        );
      }
    }
  }
}
