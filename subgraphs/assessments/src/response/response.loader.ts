import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { firstChildren } from '../children';
import { Answer, AnswerOption, Response } from './response.entity';

export const responseById = (ctx: RequestContext) => loader(ctx, 'response.byId', (c) => byIdLoader(c, Response));

export const answersByResponse = (ctx: RequestContext, first: number) =>
  firstChildren(
    ctx,
    {
      key: 'answer.byResponse',
      entity: Answer,
      table: 'assessments.answers',
      parentColumn: 'response_id',
      parentProperty: 'responseId',
      order: 'answered_at, id',
    },
    first,
  );

/** Ids of the options chosen in many answers, in one query. */
export const optionIdsByAnswer = (ctx: RequestContext) =>
  loader(ctx, 'answerOption.byAnswer', (c) =>
    new DataLoader<string, string[]>(async (answerIds) => {
      const rows = await c.manager.findBy(AnswerOption, { answerId: In([...answerIds]) });
      const byAnswer = new Map<string, string[]>(answerIds.map((id) => [id, []]));
      for (const row of rows) byAnswer.get(row.answerId)?.push(row.optionId);
      return answerIds.map((id) => byAnswer.get(id) ?? []);
    }),
  );
