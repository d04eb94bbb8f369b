import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { DateTimeFilter, IDFilter, NotNullable, OrderInput, enumFilter } from '@leadgraph/shared';
import { GdprRequest, GdprRequestStatus, GdprRequestType } from './gdpr.entity';

const GdprRequestTypeFilter = enumFilter(GdprRequestType, 'GdprRequestType');
const GdprRequestStatusFilter = enumFilter(GdprRequestStatus, 'GdprRequestStatus');

@InputType({ description: 'Filter GDPR requests; fields combine with AND.' })
export class GdprRequestFilter {
  @Field(() => GdprRequestTypeFilter, { nullable: true }) requestType?: InstanceType<typeof GdprRequestTypeFilter>;
  @Field(() => GdprRequestStatusFilter, { nullable: true }) status?: InstanceType<typeof GdprRequestStatusFilter>;
  @Field(() => IDFilter, { nullable: true }) userId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true }) requestedAt?: DateTimeFilter;
  @Field(() => [GdprRequestFilter], { nullable: true }) and?: GdprRequestFilter[];
  @Field(() => [GdprRequestFilter], { nullable: true }) or?: GdprRequestFilter[];
  @Field(() => GdprRequestFilter, { nullable: true }) not?: GdprRequestFilter;
}

export const GDPR_FILTER_COLUMNS = {
  requestType: 'g.request_type',
  status: 'g.status',
  userId: 'g.user_id',
  requestedAt: 'g.requested_at',
};

export enum GdprRequestOrderField {
  REQUESTED_AT = 'REQUESTED_AT',
  STATUS = 'STATUS',
}
export const GdprRequestOrder = OrderInput(GdprRequestOrderField, 'GdprRequest');

export const GDPR_ORDER_COLUMNS: Record<GdprRequestOrderField, { sql: string; property: keyof GdprRequest & string }> = {
  REQUESTED_AT: { sql: 'g.requested_at', property: 'requestedAt' },
  STATUS: { sql: 'g.status', property: 'status' },
};

@InputType({ description: "A request about the caller's own data." })
export class RequestGdprInput {
  @Field(() => String, { nullable: true, description: 'Anything the person handling it should know.' }) @IsOptional() @Length(0, 5000) notes?: string;
}

@InputType()
export class UpdateGdprRequestInput {
  @Field(() => ID) id: string;
  @Field(() => GdprRequestStatus, { nullable: true, description: 'completed and rejected are final.' }) @NotNullable() status?: GdprRequestStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 5000) notes?: string | null;
}

@ObjectType()
export class GdprRequestPayload {
  @Field(() => GdprRequest) gdprRequest: GdprRequest;
}
