import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { AssessmentsInit1764000000000 } from '../migrations/1764000000000-AssessmentsInit';
import { AssessmentsAuditTrail1764100000400 } from '../migrations/1764100000400-AssessmentsAuditTrail';
import { Assessment, Question, QuestionOption } from './assessment/assessment.entity';
import { Answer, AnswerOption, Response } from './response/response.entity';
import { assessmentsDefinition } from './schema';
import { seedAssessments } from './seed';

export const assessments: SubgraphModule = {
  name: 'assessments',
  defaultPort: 4002,
  entities: [Assessment, Question, QuestionOption, Response, Answer, AnswerOption],
  migrations: [AssessmentsInit1764000000000, AssessmentsAuditTrail1764100000400],
  definition: assessmentsDefinition,
  seedDemo: seedAssessments,
};

export { Assessment, Question, QuestionOption, Response, Answer, AnswerOption };
