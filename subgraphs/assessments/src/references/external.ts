import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities owned by other subgraphs that assessments only points at; the owner resolves them. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class User {
  @Field(() => ID) id: string;
}

export const ref = <T extends { id: string }>(id: string | null): T | null => (id ? ({ id } as T) : null);
