import DataLoader from 'dataloader';
import { loader, type RequestContext } from '@leadgraph/shared';
import { OnboardingProgress } from './onboarding.entity';

/** The caller's progress on each step (only the caller's: progress is personal). */
export const callerProgressByStep = (ctx: RequestContext) =>
  loader(ctx, 'onboarding.callerProgressByStep', (c) =>
    new DataLoader<string, OnboardingProgress | null>(async (stepIds) => {
      const userId = c.principal.userId;
      const rows = userId ? await c.manager.findBy(OnboardingProgress, { userId }) : [];
      const byStep = new Map(rows.map((r) => [r.stepId, r]));
      return stepIds.map((id) => byStep.get(id) ?? null);
    }),
  );
