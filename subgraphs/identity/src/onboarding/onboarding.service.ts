import { isUUID } from 'class-validator';
import { AppError, ErrorCode, requireTenant, type RequestContext } from '@leadgraph/shared';
import { OnboardingProgress, OnboardingStep } from './onboarding.entity';
import type { Onboarding, OnboardingStepInput } from './onboarding.inputs';

function callerId(ctx: RequestContext): string {
  if (!ctx.principal.userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This operation needs a signed-in user');
  return ctx.principal.userId;
}

async function findStep(ctx: RequestContext, input: OnboardingStepInput): Promise<OnboardingStep> {
  if ((input.stepId == null) === (input.stepKey == null)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give either stepId or stepKey', { field: 'stepId' });
  }
  const where = input.stepId != null ? (isUUID(input.stepId) ? { id: input.stepId } : null) : { stepKey: input.stepKey! };
  const step = where ? await ctx.manager.findOneBy(OnboardingStep, where) : null;
  if (!step) throw new AppError(ErrorCode.NOT_FOUND, `Onboarding step ${input.stepId ?? input.stepKey} was not found`);
  return step;
}

export async function onboardingOf(ctx: RequestContext): Promise<Onboarding> {
  const userId = callerId(ctx);
  const [steps, progress] = await Promise.all([
    ctx.manager.find(OnboardingStep, { order: { orderIndex: 'ASC', id: 'ASC' } }),
    ctx.manager.findBy(OnboardingProgress, { userId }),
  ]);
  const byStep = new Map(progress.map((p) => [p.stepId, p]));
  return {
    isComplete: steps.every((s) => !s.required || byStep.get(s.id)?.completedAt),
    completedCount: progress.filter((p) => p.completedAt).length,
    skippedCount: progress.filter((p) => p.skippedAt).length,
    requiredRemaining: steps.filter((s) => s.required && !byStep.get(s.id)?.completedAt).length,
    nextStep: steps.find((s) => !byStep.has(s.id)) ?? null,
  };
}

async function record(ctx: RequestContext, step: OnboardingStep, outcome: 'completed_at' | 'skipped_at'): Promise<OnboardingProgress> {
  const userId = callerId(ctx);
  // Completing wins over an earlier skip; completing again keeps the first time.
  const onConflict =
    outcome === 'completed_at'
      ? `UPDATE SET completed_at = coalesce(onboarding_progress.completed_at, now()), skipped_at = NULL`
      : `NOTHING`;
  await ctx.manager
    .query(
      `INSERT INTO identity.onboarding_progress (tenant_id, user_id, step_id, ${outcome}) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, user_id, step_id) DO ${onConflict}`,
      [requireTenant(ctx), userId, step.id],
    )
    .catch((error: unknown) => {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'onboarding_progress_user_fkey') {
        throw new AppError(ErrorCode.UNAUTHENTICATED, 'The signed-in user no longer exists');
      }
      throw error;
    });
  return ctx.manager.findOneByOrFail(OnboardingProgress, { userId, stepId: step.id });
}

export async function completeStep(ctx: RequestContext, input: OnboardingStepInput) {
  const step = await findStep(ctx, input);
  return { step, progress: await record(ctx, step, 'completed_at'), onboarding: await onboardingOf(ctx) };
}

/** A required step cannot be skipped, nor a completed one. */
export async function skipStep(ctx: RequestContext, input: OnboardingStepInput) {
  const step = await findStep(ctx, input);
  if (step.required) throw new AppError(ErrorCode.BAD_USER_INPUT, `${step.stepName} is required and cannot be skipped`, { field: 'stepId' });
  const progress = await record(ctx, step, 'skipped_at');
  if (progress.completedAt) throw new AppError(ErrorCode.BAD_USER_INPUT, `${step.stepName} is completed already`, { field: 'stepId' });
  return { step, progress, onboarding: await onboardingOf(ctx) };
}
