import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { assessments } from '@leadgraph/assessments';

const CREATE_ASSESSMENT = `mutation($input: CreateAssessmentInput!) {
  createAssessment(input: $input) { assessment { id questions { id type options { id points } } } }
}`;
const SUBMIT = `mutation($input: SubmitResponseInput!) {
  submitResponse(input: $input) {
    response {
      id status totalScore completedAt email assessment { id }
      answers { pointsAwarded text question { id } selectedOptions { id points } }
    }
  }
}`;
const RESPONSE = `query($id: ID!) { response(id: $id) { id totalScore } }`;
const RESPONSES = `query($first: Int, $after: String, $filter: ResponseFilter, $orderBy: [ResponseOrder!]) {
  responses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id email totalScore } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const WITH_ANSWERS = `query {
  responses(first: 50) { edges { node { id assessment { title } answers { pointsAwarded question { text } selectedOptions { text } } } } }
}`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;

interface Quiz {
  id: string;
  /** single choice (0/5/10), multiple choice (3/4/8), text, slider */
  questions: { id: string; options: { id: string; points: number }[] }[];
}

async function createQuiz(tenantId: string, status = 'PUBLISHED', title = 'Quiz'): Promise<Quiz> {
  const options = (points: number[]) => points.map((p, i) => ({ text: `${title} ${p} points`, points: p, order: i }));
  const res = await sg.request(CREATE_ASSESSMENT, {
    variables: {
      input: {
        title,
        status,
        questions: [
          { text: `${title} single`, type: 'SINGLE_CHOICE', order: 0, options: options([0, 5, 10]) },
          { text: `${title} multiple`, type: 'MULTIPLE_CHOICE', order: 1, options: options([3, 4, 8]) },
          { text: `${title} text`, type: 'TEXT', order: 2 },
          { text: `${title} slider`, type: 'SLIDER', order: 3 },
        ],
      },
    },
    principal: principalFor(tenantId),
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createAssessment.assessment;
}

/** A full answer set: options by index for the two choice questions. */
const answersFor = (quiz: Quiz, single: number[], multiple: number[]) => [
  { questionId: quiz.questions[0].id, optionIds: single.map((i) => quiz.questions[0].options[i].id) },
  { questionId: quiz.questions[1].id, optionIds: multiple.map((i) => quiz.questions[1].options[i].id) },
  { questionId: quiz.questions[2].id, text: 'We score by hand' },
  { questionId: quiz.questions[3].id, text: '7' },
];

const submit = (tenantId: string, input: Record<string, unknown>, permissions?: string[]) =>
  sg.request(SUBMIT, { variables: { input: { sessionId: 's-1', ...input } }, principal: principalFor(tenantId, permissions) });

async function submitOk(tenantId: string, input: Record<string, unknown>) {
  const res = await submit(tenantId, input);
  expect(res.errors).toBeUndefined();
  return res.data!.submitResponse.response as { id: string; totalScore: number };
}

const responseRows = (tenantId: string) => sql(db.ownerUrl, 'SELECT 1 FROM assessments.responses WHERE tenant_id = $1', [tenantId]);

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, assessments);
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('submitResponse scoring', () => {
  let tenant: string;
  let quiz: Quiz;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Score')).id;
    quiz = await createQuiz(tenant);
  });

  it('awards each answer the points of its chosen options and stores the sum, completed', async () => {
    const res = await submit(tenant, { assessmentId: quiz.id, email: 'ann@example.com', answers: answersFor(quiz, [2], [0, 2]) });
    expect(res.errors).toBeUndefined();
    const response = res.data!.submitResponse.response;
    expect(response).toMatchObject({ status: 'COMPLETED', totalScore: 21, email: 'ann@example.com', assessment: { id: quiz.id } });
    expect(response.completedAt).toEqual(expect.any(String));
    expect(response.answers.map((a: any) => a.pointsAwarded)).toEqual([10, 11, 0, 0]);
    expect(response.answers[1].selectedOptions.map((o: any) => o.points)).toEqual([3, 8]);
    expect(response.answers[2]).toMatchObject({ text: 'We score by hand', selectedOptions: [] });

    const [row] = await sql<{ total_score: number; status: string; sum: number }>(
      db.ownerUrl,
      `SELECT r.total_score, r.status, (SELECT sum(points_awarded)::int FROM assessments.answers a WHERE a.response_id = r.id) AS sum
       FROM assessments.responses r WHERE r.id = $1`,
      [response.id],
    );
    expect(row).toEqual({ total_score: 21, status: 'completed', sum: 21 });
  });

  it('refuses an option of another question with BAD_USER_INPUT and writes nothing', async () => {
    const before = (await responseRows(tenant)).length;
    const answers = answersFor(quiz, [0], [1]);
    answers[0].optionIds = [quiz.questions[1].options[2].id];
    const res = await submit(tenant, { assessmentId: quiz.id, sessionId: 'cross-question', answers });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeNull();
    expect(await responseRows(tenant)).toHaveLength(before);
    expect(await sql(db.ownerUrl, `SELECT 1 FROM assessments.responses WHERE session_id = 'cross-question'`)).toHaveLength(0);
  });

  it.each([
    ['two options on a single choice question', (q: Quiz) => answersFor(q, [0, 1], [0])],
    ['no option on a choice question', (q: Quiz) => answersFor(q, [], [0])],
    ['the same option twice', (q: Quiz) => answersFor(q, [1], [0, 0])],
    ['a question answered twice', (q: Quiz) => [...answersFor(q, [1], [0]), answersFor(q, [2], [0])[0]]],
    ['options on a text question', (q: Quiz) => [{ questionId: q.questions[2].id, optionIds: [q.questions[0].options[0].id] }]],
    ['a slider value that is not a number', (q: Quiz) => [{ questionId: q.questions[3].id, text: 'lots' }]],
    ['a malformed option id', (q: Quiz) => [{ questionId: q.questions[0].id, optionIds: ["1' OR 1=1 --"] }]],
    ['a malformed question id', () => [{ questionId: 'nope', optionIds: [] }]],
  ])('refuses %s with BAD_USER_INPUT, without SQL, and writes nothing', async (_case, answers) => {
    const before = (await responseRows(tenant)).length;
    const res = await submit(tenant, { assessmentId: quiz.id, answers: answers(quiz) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|violates|stack|at \w+ \(/i);
    expect(await responseRows(tenant)).toHaveLength(before);
  });

  it('accepts responses only for a published assessment', async () => {
    for (const status of ['DRAFT', 'ARCHIVED']) {
      const closed = await createQuiz(tenant, status);
      const res = await submit(tenant, { assessmentId: closed.id, answers: answersFor(closed, [1], [1]) });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(await sql(db.ownerUrl, 'SELECT 1 FROM assessments.responses WHERE assessment_id = $1', [closed.id])).toHaveLength(0);
    }
  });

  it('answers BAD_USER_INPUT for a malformed email or an over-long session id', async () => {
    for (const input of [{ email: 'not-an-email' }, { sessionId: 'x'.repeat(256) }]) {
      const res = await submit(tenant, { assessmentId: quiz.id, answers: [], ...input });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('response tenant isolation', () => {
  const tenants = { a: '', b: '' };
  let aQuiz: Quiz;
  let bQuiz: Quiz;
  let bResponse: { id: string };
  beforeAll(async () => {
    tenants.a = (await createTenant(db, 'A')).id;
    tenants.b = (await createTenant(db, 'B')).id;
    aQuiz = await createQuiz(tenants.a, 'PUBLISHED', 'A quiz');
    bQuiz = await createQuiz(tenants.b, 'PUBLISHED', 'B quiz');
    await submitOk(tenants.a, { assessmentId: aQuiz.id, email: 'a@example.com', answers: answersFor(aQuiz, [1], [1]) });
    bResponse = await submitOk(tenants.b, { assessmentId: bQuiz.id, email: 'b@example.com', answers: answersFor(bQuiz, [2], [2]) });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's response by id: it looks missing", async () => {
    const other = await sg.request(RESPONSE, { variables: { id: bResponse.id }, principal: asA() });
    const missing = await sg.request(RESPONSE, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ response: null });
  });

  it('lists only the caller tenant rows, with only its answers, questions and options nested', async () => {
    const res = await sg.request(WITH_ANSWERS, { principal: asA() });
    expect(res.data!.responses.edges).toHaveLength(1);
    const text = JSON.stringify(res.data);
    expect(text).toContain('A quiz');
    expect(text).not.toContain('B quiz');
    const filtered = await sg.request(RESPONSES, { variables: { filter: { assessmentId: { eq: bQuiz.id } } }, principal: asA() });
    expect(filtered.data!.responses.totalCount).toBe(0);
  });

  it('resolves no entity reference of another tenant (as crm asks for Lead.sourceResponse)', async () => {
    const query = ENTITIES_QUERY('... on Response { id totalScore }');
    const other = await sg.request(query, { variables: { representations: [{ __typename: 'Response', id: bResponse.id }] }, principal: asA() });
    expect(other.data).toEqual({ _entities: [null] });
    const own = await sg.request(query, { variables: { representations: [{ __typename: 'Response', id: bResponse.id }] }, principal: principalFor(tenants.b) });
    expect(own.data).toEqual({ _entities: [{ id: bResponse.id, totalScore: 18 }] });
  });

  it("cannot respond to another tenant's assessment or use its questions: they look missing", async () => {
    const other = await submit(tenants.a, { assessmentId: bQuiz.id, answers: [] });
    const missing = await submit(tenants.a, { assessmentId: MISSING_ID, answers: [] });
    expect(other.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(other.errors![0].message).toBe(missing.errors![0].message.replace(MISSING_ID, bQuiz.id));

    const foreign = await submit(tenants.a, { assessmentId: aQuiz.id, answers: answersFor(bQuiz, [1], [1]) });
    expect(foreign.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const [count] = await sql<{ n: number }>(db.ownerUrl, 'SELECT count(*)::int AS n FROM assessments.responses WHERE assessment_id = $1', [bQuiz.id]);
    expect(count.n).toBe(1);
  });
});

describe('response permissions', () => {
  it('refuses submitResponse without assessments.response.write (FORBIDDEN) and writes nothing', async () => {
    const t = (await createTenant(db, 'Perm')).id;
    const quiz = await createQuiz(t);
    const res = await submit(t, { assessmentId: quiz.id, answers: answersFor(quiz, [1], [1]) }, ['assessments.response.read', 'assessments.assessment.read']);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await responseRows(t)).toHaveLength(0);
  });

  it('refuses reads to a principal without assessments.response.read', async () => {
    const t = (await createTenant(db, 'NoRead')).id;
    const res = await sg.request(RESPONSES, { principal: principalFor(t, ['assessments.assessment.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });
});

describe('response pagination, filter and order', () => {
  let tenant: string;
  let quiz: Quiz;
  let other: Quiz;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    quiz = await createQuiz(tenant);
    other = await createQuiz(tenant, 'PUBLISHED', 'Other');
    // Totals 3, 9, 13, 18, 21 on quiz; one more (5 + 3 = 8) on the other assessment.
    const picks: [number, number[]][] = [[0, [0]], [1, [1]], [2, [0]], [2, [2]], [2, [0, 2]]];
    for (const [i, [single, multiple]] of picks.entries()) {
      await submitOk(tenant, { assessmentId: quiz.id, email: `r${i}@example.com`, answers: answersFor(quiz, [single], multiple) });
    }
    await submitOk(tenant, { assessmentId: other.id, email: 'other@example.com', answers: answersFor(other, [1], [0]) });
  });

  it('walks pages with keyset cursors in the requested order', async () => {
    const principal = principalFor(tenant);
    const orderBy = [{ field: 'TOTAL_SCORE', direction: 'DESC' }];
    const filter = { assessmentId: { eq: quiz.id } };
    const scores: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await sg.request(RESPONSES, { variables: { first: 2, after, orderBy, filter }, principal });
      scores.push(...res.data!.responses.edges.map((e: any) => e.node.totalScore));
      expect(res.data!.responses.totalCount).toBe(5);
      expect(res.data!.responses.pageInfo.hasNextPage).toBe(page < 2);
      after = res.data!.responses.pageInfo.endCursor;
    }
    expect(scores).toEqual([21, 18, 13, 9, 3]);
  });

  it('pages by start time without repeating or skipping a row', async () => {
    const principal = principalFor(tenant);
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const res = await sg.request(RESPONSES, { variables: { first: 1, after }, principal });
      ids.push(...res.data!.responses.edges.map((e: any) => e.node.id));
      after = res.data!.responses.pageInfo.hasNextPage ? res.data!.responses.pageInfo.endCursor : undefined;
    } while (after);
    expect(new Set(ids).size).toBe(6);
  });

  it('filters on assessmentId, status, email, totalScore and completedAt with and/or/not', async () => {
    const res = await sg.request(RESPONSES, {
      variables: {
        filter: {
          status: { eq: 'COMPLETED' },
          completedAt: { lte: new Date(Date.now() + 60_000).toISOString() },
          or: [{ totalScore: { gte: 18 } }, { assessmentId: { eq: other.id } }],
          not: { email: { eq: 'r4@example.com' } },
        },
        orderBy: [{ field: 'TOTAL_SCORE' }],
      },
      principal: principalFor(tenant),
    });
    expect(res.data!.responses.edges.map((e: any) => e.node.email)).toEqual(['other@example.com', 'r3@example.com']);
  });

  it('answers BAD_USER_INPUT, not a SQL error, for a malformed assessmentId in a filter', async () => {
    const res = await sg.request(RESPONSES, { variables: { filter: { or: [{ assessmentId: { in: ['x'] } }] } }, principal: principalFor(tenant) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/invalid input syntax|SELECT/i);
  });

  it('loads answers, questions and options of a whole page in a fixed number of statements', async () => {
    const principal = principalFor(tenant);
    const query = `query($first: Int) { responses(first: $first) { edges { node { answers { question { text } selectedOptions { text } } } } } }`;
    sg.counter.reset();
    await sg.request(query, { variables: { first: 1 }, principal });
    const one = sg.counter.count;
    sg.counter.reset();
    const res = await sg.request(query, { variables: { first: 6 }, principal });
    expect(res.data!.responses.edges).toHaveLength(6);
    expect(sg.counter.count).toBe(one);
  });
});
