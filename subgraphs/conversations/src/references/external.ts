import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entities owned by other subgraphs that conversations only points at. The gateway resolves
 * their fields in the owning subgraph; conversations returns just `{ id }`.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Lead {
  @Field(() => ID) id: string;
}

export const ref = <T extends { id: string }>(id: string | null): T | null => (id ? ({ id } as T) : null);
