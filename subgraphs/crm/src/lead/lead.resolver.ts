import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, dataScopeCondition, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Response, User, ref } from '../references/external';
import { Lead } from './lead.entity';
import {
  CreateLeadInput,
  DeleteLeadInput,
  LEAD_FILTER_COLUMNS,
  LEAD_ORDER_COLUMNS,
  LeadFilter,
  LeadOrder,
  UpdateLeadInput,
} from './lead.inputs';
import { LEAD_OWNER_COLUMNS, leadById } from './lead.loader';
import { createLead, deleteLead, updateLead } from './lead.service';

export const LeadConnection = ConnectionType(Lead);

@ObjectType()
export class LeadPayload {
  @Field(() => Lead) lead: Lead;
}

@ObjectType()
export class DeleteLeadPayload {
  @Field(() => ID) deletedLeadId: string;
}

@Resolver(() => Lead)
export class LeadResolver {
  @Requires('crm.lead.read')
  @Query(() => Lead, { nullable: true, description: 'A lead of your tenant, or null.' })
  lead(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return leadById(ctx).load(id);
  }

  @Requires('crm.lead.read')
  @Query(() => LeadConnection)
  leads(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => LeadFilter, { nullable: true }) filter?: LeadFilter,
    @Arg('orderBy', () => [LeadOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    const qb = ctx.manager.createQueryBuilder(Lead, 'lead');
    const scope = dataScopeCondition(ctx.principal, LEAD_OWNER_COLUMNS);
    if (scope) qb.where(scope.sql, scope.params);
    return paginate({
      qb,
      args,
      filter: filter as never,
      filterColumns: LEAD_FILTER_COLUMNS,
      orderBy,
      orderColumns: LEAD_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'lead.id',
    });
  }

  @Requires('crm.lead.write')
  @Mutation(() => LeadPayload)
  async createLead(@Arg('input') input: CreateLeadInput, @Ctx() ctx: RequestContext): Promise<LeadPayload> {
    return { lead: await createLead(ctx, input) };
  }

  @Requires('crm.lead.write')
  @Mutation(() => LeadPayload)
  async updateLead(@Arg('input') input: UpdateLeadInput, @Ctx() ctx: RequestContext): Promise<LeadPayload> {
    return { lead: await updateLead(ctx, input) };
  }

  @Requires('crm.lead.delete')
  @Mutation(() => DeleteLeadPayload)
  async deleteLead(@Arg('input') input: DeleteLeadInput, @Ctx() ctx: RequestContext): Promise<DeleteLeadPayload> {
    return { deletedLeadId: await deleteLead(ctx, input.id) };
  }

  @FieldResolver(() => User, { nullable: true, description: 'The salesperson the lead is assigned to.' })
  assignedTo(@Root() lead: Lead): User | null {
    return ref<User>(lead.assignedToId);
  }

  @FieldResolver(() => User, { nullable: true })
  assignedBy(@Root() lead: Lead): User | null {
    return ref<User>(lead.assignedById);
  }

  @FieldResolver(() => Response, { nullable: true, description: 'The scored assessment response the lead came from.' })
  sourceResponse(@Root() lead: Lead): Response | null {
    return ref<Response>(lead.responseId);
  }
}

export const resolveLeadReference = (ref: { id: string }, ctx: RequestContext) => leadById(ctx).load(ref.id);
