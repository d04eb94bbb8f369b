import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { podcasts } from '@leadgraph/podcasts';

const CREATE_PODCAST = `mutation($input: CreatePodcastInput!) { createPodcast(input: $input) { podcast { id } } }`;
const CREATE = `mutation($input: CreateEpisodeInput!) {
  createEpisode(input: $input) { episode { id title episodeNumber publishedAt durationSeconds podcast { id } } }
}`;
const UPDATE = `mutation($input: UpdateEpisodeInput!) { updateEpisode(input: $input) { episode { id title episodeNumber } } }`;
const EPISODE = `query($id: ID!) { episode(id: $id) { id title } }`;
const EPISODES = `query($first: Int, $after: String, $filter: EpisodeFilter, $orderBy: [EpisodeOrder!]) {
  episodes(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id title episodeNumber } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const PODCAST_EPISODES = `query($id: ID!) { podcast(id: $id) { id episodeCount episodes { id } } }`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

async function createPodcast(tenantId: string, name = 'Show') {
  const res = await sg.request(CREATE_PODCAST, { variables: { input: { name } }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createPodcast.podcast.id as string;
}

async function createEpisode(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createEpisode.episode as { id: string; title: string; episodeNumber: number };
}

const episodeRows = (tenantId: string) => sql(db.ownerUrl, 'SELECT 1 FROM podcasts.episodes WHERE tenant_id = $1', [tenantId]);

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, podcasts);
  tenants.a = (await createTenant(db, 'A')).id;
  tenants.b = (await createTenant(db, 'B')).id;
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('episode tenant isolation', () => {
  let aPodcast: string;
  let bPodcast: string;
  let bEpisode: { id: string };
  beforeAll(async () => {
    aPodcast = await createPodcast(tenants.a, 'A show');
    await createEpisode(tenants.a, { podcastId: aPodcast, title: 'A episode' });
    bPodcast = await createPodcast(tenants.b, 'B show');
    bEpisode = await createEpisode(tenants.b, { podcastId: bPodcast, title: 'B episode' });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's episode by id: it looks missing", async () => {
    const other = await sg.request(EPISODE, { variables: { id: bEpisode.id }, principal: asA() });
    const missing = await sg.request(EPISODE, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ episode: null });
  });

  it('lists only the caller tenant rows, also when filtering on the other tenant podcast', async () => {
    const res = await sg.request(EPISODES, { principal: asA() });
    expect(res.data!.episodes.totalCount).toBe(1);
    expect(res.data!.episodes.edges.map((e: any) => e.node.title)).toEqual(['A episode']);
    const byB = await sg.request(EPISODES, { variables: { filter: { podcastId: { eq: bPodcast } } }, principal: asA() });
    expect(byB.data!.episodes).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('nests only the caller tenant episodes under a podcast', async () => {
    const res = await sg.request(PODCAST_EPISODES, { variables: { id: aPodcast }, principal: asA() });
    expect(res.data!.podcast.episodeCount).toBe(1);
    expect(res.data!.podcast.episodes).toHaveLength(1);
    expect(res.data!.podcast.episodes[0].id).not.toBe(bEpisode.id);
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Episode { id title podcast { id } }'), {
      variables: { representations: [{ __typename: 'Episode', id: bEpisode.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update another tenant's episode, and the refusal equals a missing id", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bEpisode.id, title: 'pwned' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, title: 'x' } }, principal: asA() });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bEpisode.id));
    const [row] = await sql<{ title: string }>(db.ownerUrl, 'SELECT title FROM podcasts.episodes WHERE id = $1', [bEpisode.id]);
    expect(row.title).toBe('B episode');
  });

  it("cannot create an episode under another tenant's podcast: NOT_FOUND, like a missing podcast, and nothing is written", async () => {
    const before = (await episodeRows(tenants.b)).length;
    const res = await sg.request(CREATE, { variables: { input: { podcastId: bPodcast, title: 'Injected' } }, principal: asA() });
    const missing = await sg.request(CREATE, { variables: { input: { podcastId: MISSING_ID, title: 'Injected' } }, principal: asA() });
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0].message).toBe(missing.errors![0].message.replace(MISSING_ID, bPodcast));
    expect(res.data).toBeNull();
    expect(await episodeRows(tenants.b)).toHaveLength(before);
    expect(await episodeRows(tenants.a)).toHaveLength(1);
    expect(await sql(db.ownerUrl, `SELECT 1 FROM podcasts.episodes WHERE title = 'Injected'`)).toHaveLength(0);
  });
});

describe('episode permissions', () => {
  it('refuses createEpisode without podcasts.episode.write (FORBIDDEN) and writes nothing', async () => {
    const t = await createTenant(db, 'Perm');
    const podcastId = await createPodcast(t.id);
    const res = await sg.request(CREATE, {
      variables: { input: { podcastId, title: 'X' } },
      principal: principalFor(t.id, ['podcasts.podcast.read', 'podcasts.podcast.write', 'podcasts.episode.read']),
    });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await episodeRows(t.id)).toHaveLength(0);
  });

  it('refuses updateEpisode without podcasts.episode.write', async () => {
    const t = await createTenant(db, 'PermUpd');
    const episode = await createEpisode(t.id, { podcastId: await createPodcast(t.id), title: 'Keep' });
    const res = await sg.request(UPDATE, {
      variables: { input: { id: episode.id, title: 'Changed' } },
      principal: principalFor(t.id, ['podcasts.episode.read']),
    });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [row] = await sql<{ title: string }>(db.ownerUrl, 'SELECT title FROM podcasts.episodes WHERE id = $1', [episode.id]);
    expect(row.title).toBe('Keep');
  });

  it('refuses reads to a principal without podcasts.episode.read', async () => {
    const t = await createTenant(db, 'NoRead');
    const res = await sg.request(EPISODES, { principal: principalFor(t.id, ['podcasts.podcast.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });
});

describe('episode pagination, filter and order', () => {
  let tenant: string;
  let podcastId: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    podcastId = await createPodcast(tenant, 'Paged');
    const other = await createPodcast(tenant, 'Other');
    for (let n = 1; n <= 5; n++) {
      await createEpisode(tenant, { podcastId, title: `E${n}`, publishedAt: new Date(Date.UTC(2026, 1, n)).toISOString() });
    }
    await createEpisode(tenant, { podcastId: other, title: 'O1' });
  });

  it('walks pages with keyset cursors in the requested order', async () => {
    const principal = principalFor(tenant);
    const filter = { podcastId: { eq: podcastId } };
    const orderBy = [{ field: 'EPISODE_NUMBER', direction: 'DESC' }];
    const first = await sg.request(EPISODES, { variables: { first: 2, filter, orderBy }, principal });
    expect(first.data!.episodes.edges.map((e: any) => e.node.episodeNumber)).toEqual([5, 4]);
    expect(first.data!.episodes.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.episodes.totalCount).toBe(5);
    const second = await sg.request(EPISODES, { variables: { first: 2, after: first.data!.episodes.pageInfo.endCursor, filter, orderBy }, principal });
    expect(second.data!.episodes.edges.map((e: any) => e.node.episodeNumber)).toEqual([3, 2]);
    const third = await sg.request(EPISODES, { variables: { first: 2, after: second.data!.episodes.pageInfo.endCursor, filter, orderBy }, principal });
    expect(third.data!.episodes.edges.map((e: any) => e.node.episodeNumber)).toEqual([1]);
    expect(third.data!.episodes.pageInfo.hasNextPage).toBe(false);
  });

  it('filters with and/or/not on podcastId, title, publishedAt and episodeNumber', async () => {
    const res = await sg.request(EPISODES, {
      variables: {
        filter: {
          podcastId: { in: [podcastId] },
          publishedAt: { gte: new Date(Date.UTC(2026, 1, 2)).toISOString() },
          or: [{ episodeNumber: { gte: 4 } }, { title: { eq: 'E2' } }],
          not: { title: { contains: 'e5' } },
        },
        orderBy: [{ field: 'PUBLISHED_AT', direction: 'ASC' }],
      },
      principal: principalFor(tenant),
    });
    expect(res.data!.episodes.edges.map((e: any) => e.node.title)).toEqual(['E2', 'E4']);
  });
});

describe('episode input validation', () => {
  let tenant: string;
  let podcastId: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Bad')).id;
    podcastId = await createPodcast(tenant);
  });

  it.each([
    [{ title: '' }],
    [{ title: 'X', episodeNumber: 0 }],
    [{ title: 'X', durationSeconds: -1 }],
    [{ title: 'X', audioUrl: "1' OR 1=1 --" }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j, and writes nothing', async (input) => {
    const res = await sg.request(CREATE, { variables: { input: { podcastId, ...input } }, principal: principalFor(tenant) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await episodeRows(tenant)).toHaveLength(0);
  });

  it('refuses a malformed podcastId in a filter with BAD_USER_INPUT, not a SQL error', async () => {
    const res = await sg.request(EPISODES, {
      variables: { filter: { or: [{ podcastId: { in: ["1' OR 1=1 --"] } }] } },
      principal: principalFor(tenant),
    });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|invalid input syntax|stack/i);
  });

  it('refuses null for a required field on update and keeps the row', async () => {
    const episode = await createEpisode(tenant, { podcastId, title: 'Kept' });
    for (const input of [{ title: null }, { episodeNumber: null }, { publishedAt: null }]) {
      const res = await sg.request(UPDATE, { variables: { input: { id: episode.id, ...input } }, principal: principalFor(tenant) });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    }
    const [row] = await sql<{ title: string }>(db.ownerUrl, 'SELECT title FROM podcasts.episodes WHERE id = $1', [episode.id]);
    expect(row.title).toBe('Kept');
  });
});

describe('episode numbering', () => {
  it('numbers episodes in order when no number is given, and refuses a taken number with CONFLICT', async () => {
    const t = (await createTenant(db, 'Numbers')).id;
    const podcastId = await createPodcast(t);
    const first = await createEpisode(t, { podcastId, title: 'One' });
    const second = await createEpisode(t, { podcastId, title: 'Two' });
    expect([first.episodeNumber, second.episodeNumber]).toEqual([1, 2]);

    const dup = await sg.request(CREATE, { variables: { input: { podcastId, title: 'Again', episodeNumber: 2 } }, principal: principalFor(t) });
    expect(dup.errors![0].extensions!.code).toBe('CONFLICT');
    expect(JSON.stringify(dup)).not.toMatch(/INSERT|duplicate key|stack/i);
    const moved = await sg.request(UPDATE, { variables: { input: { id: first.id, episodeNumber: 2 } }, principal: principalFor(t) });
    expect(moved.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await episodeRows(t)).toHaveLength(2);
  });
});
