import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { assessments } from '@leadgraph/assessments';

const CREATE = `mutation($input: CreateAssessmentInput!) {
  createAssessment(input: $input) {
    assessment { id title status scoringType createdBy { id } questions { id text type order options { id text points order } } }
  }
}`;
const UPDATE = `mutation($input: UpdateAssessmentInput!) { updateAssessment(input: $input) { assessment { id title status description } } }`;
const ASSESSMENT = `query($id: ID!) { assessment(id: $id) { id title } }`;
const ASSESSMENTS = `query($first: Int, $after: String, $filter: AssessmentFilter, $orderBy: [AssessmentOrder!]) {
  assessments(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id title status } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const WITH_QUESTIONS = `query($first: Int!) {
  assessments(first: 50) { edges { node { id title questions(first: $first) { text order options { text points } } } } }
}`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

const choice = (text: string, order: number, points: number[]) => ({
  text,
  type: 'SINGLE_CHOICE',
  order,
  options: points.map((p, i) => ({ text: `${text} option ${i}`, points: p, order: i })),
});

async function createAssessment(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createAssessment.assessment as { id: string; title: string; questions: { id: string; text: string }[] };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, assessments);
  tenants.a = (await createTenant(db, 'A')).id;
  tenants.b = (await createTenant(db, 'B')).id;
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('assessment creation', () => {
  it('stores the questions and options and returns them in display order', async () => {
    const userId = '01900000-0000-7000-8000-0000000000aa';
    const res = await sg.request(CREATE, {
      variables: {
        input: {
          title: 'Readiness',
          questions: [choice('Second', 1, [10, 0]), { text: 'First', type: 'TEXT', order: 0 }],
        },
      },
      principal: principalFor(tenants.a, ['assessments.assessment.write'], userId),
    });
    expect(res.errors).toBeUndefined();
    const assessment = res.data!.createAssessment.assessment;
    expect(assessment).toMatchObject({ title: 'Readiness', status: 'DRAFT', scoringType: 'POINT_BASED', createdBy: { id: userId } });
    expect(assessment.questions.map((q: any) => q.text)).toEqual(['First', 'Second']);
    expect(assessment.questions[0].options).toEqual([]);
    expect(assessment.questions[1].options.map((o: any) => [o.points, o.order])).toEqual([[10, 0], [0, 1]]);
  });
});

describe('assessment tenant isolation', () => {
  let bAssessment: { id: string };
  beforeAll(async () => {
    await createAssessment(tenants.a, { title: 'A assessment', questions: [choice('A question', 0, [1, 2])] });
    bAssessment = await createAssessment(tenants.b, {
      title: 'B assessment',
      description: 'secret',
      questions: [choice('B question', 0, [1, 2])],
    });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's assessment by id: it looks missing", async () => {
    const other = await sg.request(ASSESSMENT, { variables: { id: bAssessment.id }, principal: asA() });
    const missing = await sg.request(ASSESSMENT, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ assessment: null });
  });

  it('lists only the caller tenant rows, with only its questions and options nested', async () => {
    const res = await sg.request(WITH_QUESTIONS, { variables: { first: 100 }, principal: asA() });
    const text = JSON.stringify(res.data);
    expect(text).toContain('A question');
    expect(text).not.toMatch(/B assessment|B question/);
    const list = await sg.request(ASSESSMENTS, { variables: { filter: { title: { startsWith: 'B ' } } }, principal: asA() });
    expect(list.data!.assessments.totalCount).toBe(0);
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Assessment { id title questions { text } }'), {
      variables: { representations: [{ __typename: 'Assessment', id: bAssessment.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update another tenant's assessment, and the refusal equals a missing id", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bAssessment.id, description: 'pwned' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, description: 'x' } }, principal: asA() });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bAssessment.id));
    const [row] = await sql<{ description: string }>(db.ownerUrl, 'SELECT description FROM assessments.assessments WHERE id = $1', [bAssessment.id]);
    expect(row.description).toBe('secret');
  });

  it('updates its own assessment', async () => {
    const own = await createAssessment(tenants.a, { title: 'Draft' });
    const res = await sg.request(UPDATE, { variables: { input: { id: own.id, title: 'Live', status: 'PUBLISHED', description: null } }, principal: asA() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateAssessment.assessment).toEqual({ id: own.id, title: 'Live', status: 'PUBLISHED', description: null });
  });
});

describe('assessment permissions', () => {
  it('refuses createAssessment and updateAssessment without assessments.assessment.write (FORBIDDEN) and writes nothing', async () => {
    const t = await createTenant(db, 'Perm');
    const readOnly = principalFor(t.id, ['assessments.assessment.read']);
    const res = await sg.request(CREATE, { variables: { input: { title: 'X' } }, principal: readOnly });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM assessments.assessments WHERE tenant_id = $1', [t.id])).toHaveLength(0);

    const own = await createAssessment(t.id, { title: 'Mine' });
    const upd = await sg.request(UPDATE, { variables: { input: { id: own.id, title: 'Changed' } }, principal: readOnly });
    expect(upd.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [row] = await sql<{ title: string }>(db.ownerUrl, 'SELECT title FROM assessments.assessments WHERE id = $1', [own.id]);
    expect(row.title).toBe('Mine');
  });

  it('refuses reads to a principal without assessments.assessment.read', async () => {
    const t = await createTenant(db, 'NoRead');
    const res = await sg.request(ASSESSMENTS, { principal: principalFor(t.id, ['assessments.response.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });
});

describe('assessment pagination, filter and order', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    for (let i = 0; i < 5; i++) {
      await createAssessment(tenant, { title: `T${i}`, status: i % 2 ? 'PUBLISHED' : 'DRAFT' });
    }
  });

  it('walks pages with keyset cursors in the requested order', async () => {
    const principal = principalFor(tenant);
    const orderBy = [{ field: 'TITLE', direction: 'DESC' }];
    const titles: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await sg.request(ASSESSMENTS, { variables: { first: 2, after, orderBy }, principal });
      titles.push(...res.data!.assessments.edges.map((e: any) => e.node.title));
      expect(res.data!.assessments.totalCount).toBe(5);
      expect(res.data!.assessments.pageInfo.hasNextPage).toBe(page < 2);
      after = res.data!.assessments.pageInfo.endCursor;
    }
    expect(titles).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
  });

  it('pages by creation time without repeating or skipping a row', async () => {
    const principal = principalFor(tenant);
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const res = await sg.request(ASSESSMENTS, { variables: { first: 1, after }, principal });
      ids.push(...res.data!.assessments.edges.map((e: any) => e.node.id));
      after = res.data!.assessments.pageInfo.hasNextPage ? res.data!.assessments.pageInfo.endCursor : undefined;
    } while (after);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toHaveLength(5);
  });

  it('filters on status, title and createdAt with and/or/not', async () => {
    const res = await sg.request(ASSESSMENTS, {
      variables: {
        filter: {
          status: { eq: 'PUBLISHED' },
          createdAt: { lte: new Date(Date.now() + 60_000).toISOString() },
          not: { title: { eq: 'T1' } },
          or: [{ title: { contains: '3' } }, { title: { contains: '1' } }],
        },
      },
      principal: principalFor(tenant),
    });
    expect(res.data!.assessments.edges.map((e: any) => e.node.title)).toEqual(['T3']);
  });
});

describe('assessment questions are bounded and batched', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Batch')).id;
    await createAssessment(tenant, {
      title: 'Q0',
      questions: [0, 1, 2, 3].map((i) => choice(`Q0-${3 - i}`, 3 - i, [i, 5])),
    });
  });

  it('returns the first N questions in order', async () => {
    const res = await sg.request(WITH_QUESTIONS, { variables: { first: 2 }, principal: principalFor(tenant) });
    expect(res.data!.assessments.edges[0].node.questions.map((q: any) => q.order)).toEqual([0, 1]);
  });

  it('costs the same number of statements for 1 or 6 assessments with questions and options', async () => {
    const principal = principalFor(tenant);
    sg.counter.reset();
    await sg.request(WITH_QUESTIONS, { variables: { first: 100 }, principal });
    const one = sg.counter.count;
    for (let i = 1; i < 6; i++) await createAssessment(tenant, { title: `Q${i}`, questions: [choice(`Q${i}-0`, 0, [1, 2])] });
    sg.counter.reset();
    const res = await sg.request(WITH_QUESTIONS, { variables: { first: 100 }, principal });
    expect(res.data!.assessments.edges).toHaveLength(6);
    expect(sg.counter.count).toBe(one);
  });

  it('refuses more than 100 questions per assessment with BAD_USER_INPUT', async () => {
    const res = await sg.request(WITH_QUESTIONS, { variables: { first: 101 }, principal: principalFor(tenant) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('assessment input validation', () => {
  it.each([
    ['an empty title', { title: '' }],
    ['a negative question order', { title: 'X', questions: [{ text: 'Q', type: 'TEXT', order: -1 }] }],
    ['a negative option order', { title: 'X', questions: [{ ...choice('Q', 0, [1]), options: [{ text: 'o', points: 1, order: -1 }] }] }],
    ['negative points', { title: 'X', questions: [choice('Q', 0, [-5])] }],
    ['a choice question without options', { title: 'X', questions: [{ text: 'Q', type: 'MULTIPLE_CHOICE', order: 0 }] }],
    ['a text question with options', { title: 'X', questions: [{ ...choice('Q', 0, [1]), type: 'TEXT' }] }],
  ])('answers BAD_USER_INPUT without SQL or stack for %s, and writes nothing', async (_case, input) => {
    const t = await createTenant(db, 'Bad');
    const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM assessments.assessments WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });

  it('refuses to set a required field to null, and a malformed id looks missing', async () => {
    const own = await createAssessment(tenants.a, { title: 'Keep' });
    const nulled = await sg.request(UPDATE, { variables: { input: { id: own.id, title: null } }, principal: principalFor(tenants.a) });
    expect(nulled.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(nulled)).not.toMatch(/violates|constraint|UPDATE /i);
    const malformed = await sg.request(UPDATE, { variables: { input: { id: "1' OR 1=1 --", title: 'X' } }, principal: principalFor(tenants.a) });
    expect(malformed.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect((await sg.request(ASSESSMENT, { variables: { id: 'not-a-uuid' }, principal: principalFor(tenants.a) })).data).toEqual({ assessment: null });
  });
});
