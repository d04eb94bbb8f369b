import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { podcasts } from '@leadgraph/podcasts';

const CREATE = `mutation($input: CreatePodcastInput!) { createPodcast(input: $input) { podcast { id name description websiteUrl } } }`;
const UPDATE = `mutation($input: UpdatePodcastInput!) { updatePodcast(input: $input) { podcast { id name description } } }`;
const DELETE = `mutation($input: DeletePodcastInput!) { deletePodcast(input: $input) { deletedPodcastId } }`;
const CREATE_EPISODE = `mutation($input: CreateEpisodeInput!) { createEpisode(input: $input) { episode { id episodeNumber } } }`;
const PODCAST = `query($id: ID!) { podcast(id: $id) { id name } }`;
const PODCASTS = `query($first: Int, $after: String, $filter: PodcastFilter, $orderBy: [PodcastOrder!]) {
  podcasts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const WITH_EPISODES = `query($first: Int) {
  podcasts(first: 50) { edges { node { id name episodeCount episodes(first: $first) { id title episodeNumber podcast { id } } } } }
}`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

async function createPodcast(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createPodcast.podcast as { id: string; name: string };
}

async function createEpisodes(tenantId: string, podcastId: string, count: number) {
  for (let i = 1; i <= count; i++) {
    const res = await sg.request(CREATE_EPISODE, {
      variables: { input: { podcastId, title: `Episode ${i}`, publishedAt: new Date(Date.UTC(2026, 0, i)).toISOString() } },
      principal: principalFor(tenantId),
    });
    expect(res.errors).toBeUndefined();
  }
}

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

describe('podcast tenant isolation', () => {
  let bPodcast: { id: string };
  beforeAll(async () => {
    const aPodcast = await createPodcast(tenants.a, { name: 'A show' });
    await createEpisodes(tenants.a, aPodcast.id, 1);
    bPodcast = await createPodcast(tenants.b, { name: 'B show', description: 'secret' });
    await createEpisodes(tenants.b, bPodcast.id, 2);
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's podcast by id: it looks missing", async () => {
    const other = await sg.request(PODCAST, { variables: { id: bPodcast.id }, principal: asA() });
    const missing = await sg.request(PODCAST, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ podcast: null });
  });

  it('lists only the caller tenant rows, and nests only its episodes', async () => {
    const res = await sg.request(PODCASTS, { principal: asA() });
    expect(res.data!.podcasts.totalCount).toBe(1);
    expect(res.data!.podcasts.edges.map((e: any) => e.node.name)).toEqual(['A show']);
    const nested = await sg.request(WITH_EPISODES, { principal: asA() });
    expect(nested.errors).toBeUndefined();
    const [node] = nested.data!.podcasts.edges.map((e: any) => e.node);
    expect(node.episodeCount).toBe(1);
    expect(node.episodes).toHaveLength(1);
    expect(node.episodes[0].podcast.id).toBe(node.id);
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Podcast { id name episodeCount }'), {
      variables: { representations: [{ __typename: 'Podcast', id: bPodcast.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update or delete another tenant's podcast, and the refusal equals a missing id", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bPodcast.id, description: 'pwned' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, description: 'x' } }, principal: asA() });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bPodcast.id));
    const del = await sg.request(DELETE, { variables: { input: { id: bPodcast.id } }, principal: asA() });
    const delMissing = await sg.request(DELETE, { variables: { input: { id: MISSING_ID } }, principal: asA() });
    expect(del.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(del.errors![0].message).toBe(delMissing.errors![0].message.replace(MISSING_ID, bPodcast.id));
    const [row] = await sql<{ description: string }>(db.ownerUrl, 'SELECT description FROM podcasts.podcasts WHERE id = $1', [bPodcast.id]);
    expect(row.description).toBe('secret');
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM podcasts.episodes WHERE podcast_id = $1', [bPodcast.id])).toHaveLength(2);
  });
});

describe('podcast permissions', () => {
  it('refuses createPodcast without podcasts.podcast.write (FORBIDDEN) and writes nothing', async () => {
    const t = await createTenant(db, 'Perm');
    const res = await sg.request(CREATE, { variables: { input: { name: 'X' } }, principal: principalFor(t.id, ['podcasts.podcast.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM podcasts.podcasts WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });

  it('refuses updatePodcast without write, and deletePodcast without podcasts.podcast.delete', async () => {
    const t = await createTenant(db, 'PermUpd');
    const podcast = await createPodcast(t.id, { name: 'Keep' });
    const upd = await sg.request(UPDATE, {
      variables: { input: { id: podcast.id, name: 'Changed' } },
      principal: principalFor(t.id, ['podcasts.podcast.read']),
    });
    expect(upd.errors![0].extensions!.code).toBe('FORBIDDEN');
    const del = await sg.request(DELETE, {
      variables: { input: { id: podcast.id } },
      principal: principalFor(t.id, ['podcasts.podcast.read', 'podcasts.podcast.write']),
    });
    expect(del.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM podcasts.podcasts WHERE id = $1', [podcast.id]);
    expect(row.name).toBe('Keep');
  });

  it('refuses reads to a principal without podcasts.podcast.read', async () => {
    const t = await createTenant(db, 'NoRead');
    const res = await sg.request(PODCASTS, { principal: principalFor(t.id, ['crm.lead.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('hides Podcast.episodes from a principal without podcasts.episode.read', async () => {
    const t = await createTenant(db, 'NoEpisodes');
    await createPodcast(t.id, { name: 'Show' });
    const res = await sg.request(WITH_EPISODES, { principal: principalFor(t.id, ['podcasts.podcast.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('podcast pagination, filter and order', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) await createPodcast(tenant, { name });
  });

  it('walks pages with keyset cursors in the requested order', async () => {
    const principal = principalFor(tenant);
    const orderBy = [{ field: 'NAME', direction: 'DESC' }];
    const first = await sg.request(PODCASTS, { variables: { first: 2, orderBy }, principal });
    expect(first.data!.podcasts.edges.map((e: any) => e.node.name)).toEqual(['Echo', 'Delta']);
    expect(first.data!.podcasts.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.podcasts.totalCount).toBe(5);
    const second = await sg.request(PODCASTS, { variables: { first: 2, after: first.data!.podcasts.pageInfo.endCursor, orderBy }, principal });
    expect(second.data!.podcasts.edges.map((e: any) => e.node.name)).toEqual(['Charlie', 'Bravo']);
    const third = await sg.request(PODCASTS, { variables: { first: 2, after: second.data!.podcasts.pageInfo.endCursor, orderBy }, principal });
    expect(third.data!.podcasts.edges.map((e: any) => e.node.name)).toEqual(['Alpha']);
    expect(third.data!.podcasts.pageInfo.hasNextPage).toBe(false);
  });

  it('filters with and/or/not on name and createdAt', async () => {
    const res = await sg.request(PODCASTS, {
      variables: {
        filter: {
          or: [{ name: { startsWith: 'a' } }, { name: { eq: 'Echo' } }, { name: { contains: 'ARL' } }],
          not: { name: { eq: 'Charlie' } },
          createdAt: { lte: new Date(Date.now() + 60_000).toISOString() },
        },
      },
      principal: principalFor(tenant),
    });
    expect(res.data!.podcasts.edges.map((e: any) => e.node.name)).toEqual(['Alpha', 'Echo']);
  });
});

describe('podcast input validation', () => {
  it.each([
    [{ name: '' }],
    [{ name: 'x'.repeat(256) }],
    [{ name: 'X', websiteUrl: 'javascript:alert(1)' }],
    [{ name: 'X', rssFeedUrl: "1' OR 1=1 --" }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j, and writes nothing', async (input) => {
    const t = await createTenant(db, 'Bad');
    const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM podcasts.podcasts WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });

  it('refuses a null name on update (BAD_USER_INPUT) and keeps the row', async () => {
    const t = await createTenant(db, 'BadUpd');
    const podcast = await createPodcast(t.id, { name: 'Named' });
    const res = await sg.request(UPDATE, { variables: { input: { id: podcast.id, name: null } }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/null value in column|violates|stack/i);
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM podcasts.podcasts WHERE id = $1', [podcast.id]);
    expect(row.name).toBe('Named');
  });

  it('refuses Podcast.episodes(first: 101)', async () => {
    const t = await createTenant(db, 'TooMany');
    await createPodcast(t.id, { name: 'Show' });
    const res = await sg.request(WITH_EPISODES, { variables: { first: 101 }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('podcast episodes', () => {
  it('loads the episodes of a page of podcasts with a constant number of statements', async () => {
    const statementsFor = async (podcastCount: number) => {
      const t = await createTenant(db, `Batch${podcastCount}`);
      for (let i = 0; i < podcastCount; i++) {
        const podcast = await createPodcast(t.id, { name: `Show ${i}` });
        await createEpisodes(t.id, podcast.id, 3);
      }
      sg.counter.reset();
      const res = await sg.request(WITH_EPISODES, { variables: { first: 2 }, principal: principalFor(t.id) });
      const statements = sg.counter.count;
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.podcasts.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(podcastCount);
      for (const node of nodes) {
        expect(node.episodeCount).toBe(3);
        // Latest published first by default, and bounded by `first`.
        expect(node.episodes.map((e: any) => e.episodeNumber)).toEqual([3, 2]);
        expect(node.episodes.every((e: any) => e.podcast.id === node.id)).toBe(true);
      }
      return statements;
    };
    const forTwo = await statementsFor(2);
    const forFive = await statementsFor(5);
    expect(forFive).toBe(forTwo);
  });

  it('deletePodcast removes its episodes too', async () => {
    const t = await createTenant(db, 'Cascade');
    const podcast = await createPodcast(t.id, { name: 'Gone' });
    await createEpisodes(t.id, podcast.id, 2);
    const res = await sg.request(DELETE, { variables: { input: { id: podcast.id } }, principal: principalFor(t.id) });
    expect(res.data).toEqual({ deletePodcast: { deletedPodcastId: podcast.id } });
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM podcasts.episodes WHERE tenant_id = $1', [t.id])).toHaveLength(0);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM podcasts.podcasts WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });
});
