import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { AssessmentResolver, QuestionResolver, resolveAssessmentReference } from './assessment/assessment.resolver';
import { AnswerResolver, ResponseResolver, resolveResponseReference } from './response/response.resolver';

export const assessmentsDefinition: SubgraphDefinition = {
  name: 'assessments',
  resolvers: [AssessmentResolver, QuestionResolver, ResponseResolver, AnswerResolver],
  references: { Assessment: resolveAssessmentReference, Response: resolveResponseReference },
};

export const buildAssessmentsSchema = (): Promise<GraphQLSchema> => buildSubgraph(assessmentsDefinition);
