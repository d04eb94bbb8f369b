import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, createTestDatabase, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { addMember, as, queryAsTenant, type Member } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;

const STEPS = `{ onboardingSteps(first: 50) { totalCount edges { node { stepKey required orderIndex progress { completedAt skippedAt } } } } }`;
const MINE = `{ myOnboarding { isComplete completedCount skippedCount requiredRemaining nextStep { stepKey } } }`;
const COMPLETE = `mutation($input: OnboardingStepInput!) { completeOnboardingStep(input: $input) { step { stepKey } progress { completedAt skippedAt } onboarding { isComplete requiredRemaining } } }`;
const SKIP = `mutation($input: OnboardingStepInput!) { skipOnboardingStep(input: $input) { progress { completedAt skippedAt } onboarding { skippedCount nextStep { stepKey } } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'OnbA');
  b = await createTenant(db, 'OnbB');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('onboarding', () => {
  let ann: Member;
  beforeAll(async () => {
    ann = await addMember(db, a, { level: 1, permissions: [] });
  });

  it('lists the seeded steps in order, with no progress for a new user', async () => {
    const res = await sg.request(STEPS, { principal: as(ann) });
    const nodes = res.data!.onboardingSteps.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.stepKey)).toEqual(['complete_profile', 'set_up_workspace', 'invite_team', 'create_assessment', 'import_leads']);
    expect(nodes.every((n: any) => n.progress === null)).toBe(true);
    const mine = await sg.request(MINE, { principal: as(ann) });
    expect(mine.data!.myOnboarding).toEqual({ isComplete: false, completedCount: 0, skippedCount: 0, requiredRemaining: 2, nextStep: { stepKey: 'complete_profile' } });
  });

  it('completes and skips steps for the caller only; required steps cannot be skipped', async () => {
    const done = await sg.request(COMPLETE, { variables: { input: { stepKey: 'complete_profile' } }, principal: as(ann) });
    expect(done.data!.completeOnboardingStep).toMatchObject({ step: { stepKey: 'complete_profile' }, onboarding: { isComplete: false, requiredRemaining: 1 } });
    expect(code(await sg.request(SKIP, { variables: { input: { stepKey: 'set_up_workspace' } }, principal: as(ann) }))).toBe('BAD_USER_INPUT');
    const skipped = await sg.request(SKIP, { variables: { input: { stepKey: 'invite_team' } }, principal: as(ann) });
    expect(skipped.data!.skipOnboardingStep.progress.skippedAt).not.toBeNull();
    expect(skipped.data!.skipOnboardingStep.onboarding).toEqual({ skippedCount: 1, nextStep: { stepKey: 'set_up_workspace' } });
    // Completing a skipped step replaces the skip; completing twice keeps the first time.
    const late = await sg.request(COMPLETE, { variables: { input: { stepKey: 'invite_team' } }, principal: as(ann) });
    expect(late.data!.completeOnboardingStep.progress.skippedAt).toBeNull();
    const first = late.data!.completeOnboardingStep.progress.completedAt;
    const twice = await sg.request(COMPLETE, { variables: { input: { stepKey: 'invite_team' } }, principal: as(ann) });
    expect(twice.data!.completeOnboardingStep.progress.completedAt).toBe(first);
    expect(code(await sg.request(SKIP, { variables: { input: { stepKey: 'invite_team' } }, principal: as(ann) }))).toBe('BAD_USER_INPUT');
    const last = await sg.request(COMPLETE, { variables: { input: { stepKey: 'set_up_workspace' } }, principal: as(ann) });
    expect(last.data!.completeOnboardingStep.onboarding).toEqual({ isComplete: true, requiredRemaining: 0 });

    const colleague = await addMember(db, a, { level: 1, permissions: [] });
    expect((await sg.request(MINE, { principal: as(colleague) })).data!.myOnboarding.completedCount).toBe(0);
    const stranger = await addMember(db, b, { level: 1, permissions: [] });
    expect((await sg.request(MINE, { principal: as(stranger) })).data!.myOnboarding.completedCount).toBe(0);
    const visible = await queryAsTenant(sg.dataSource, b.id, 'SELECT * FROM identity.onboarding_progress');
    expect(visible).toEqual([]);
  });

  it('refuses unknown steps, ambiguous input and anonymous callers', async () => {
    expect(code(await sg.request(COMPLETE, { variables: { input: { stepKey: 'fly' } }, principal: as(ann) }))).toBe('NOT_FOUND');
    expect(code(await sg.request(COMPLETE, { variables: { input: { stepId: 'nope' } }, principal: as(ann) }))).toBe('NOT_FOUND');
    expect(code(await sg.request(COMPLETE, { variables: { input: {} }, principal: as(ann) }))).toBe('BAD_USER_INPUT');
    expect(code(await sg.request(MINE, { principal: ANONYMOUS }))).toBe('UNAUTHENTICATED');
    expect(code(await sg.request(COMPLETE, { variables: { input: { stepKey: 'invite_team' } }, principal: ANONYMOUS }))).toBe('UNAUTHENTICATED');
  });

  it('keeps the step catalog read-only for the app role', async () => {
    await expect(sql(db.appUrl, `UPDATE identity.onboarding_steps SET required = false`)).rejects.toThrow(/permission denied/);
  });
});
