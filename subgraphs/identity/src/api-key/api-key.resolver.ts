import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AppError, ConnectionArgs, ConnectionType, ErrorCode, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { ApiKey } from './api-key.entity';
import {
  API_KEY_FILTER_COLUMNS,
  API_KEY_ORDER_COLUMNS,
  ApiKeyFilter,
  ApiKeyOrder,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  RotateApiKeyInput,
  RotateApiKeyPayload,
} from './api-key.inputs';
import { createApiKey, revokeApiKey, rotateApiKey } from './api-key.service';

export const ApiKeyConnection = ConnectionType(ApiKey);

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Requires('identity.apikey.read')
  @Query(() => ApiKeyConnection, { description: "Every API key of the tenant (all users'), newest first; never the secrets." })
  apiKeys(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ApiKeyFilter, { nullable: true }) filter?: ApiKeyFilter,
    @Arg('orderBy', () => [ApiKeyOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(ApiKey, 'k'),
      args,
      filter: filter as never,
      filterColumns: API_KEY_FILTER_COLUMNS,
      orderBy,
      orderColumns: API_KEY_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'k.id',
    });
  }

  @Requires('identity.apikey.write')
  @Mutation(() => CreateApiKeyPayload, { description: 'Creates an API key owned by you, with scopes you hold. The secret is in this answer only.' })
  createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreateApiKeyPayload> {
    return createApiKey(ctx, input);
  }

  @Requires('identity.apikey.write')
  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes one of your API keys at once (the gateway notices within seconds).' })
  async revokeApiKey(@Arg('input') input: RevokeApiKeyInput, @Ctx() ctx: RequestContext): Promise<RevokeApiKeyPayload> {
    return { apiKey: await revokeApiKey(ctx, input.id) };
  }

  @Requires('identity.apikey.write')
  @Mutation(() => RotateApiKeyPayload, { description: 'Revokes one of your API keys and returns a new one with the same name, scopes, expiry and trusted documents.' })
  rotateApiKey(@Arg('input') input: RotateApiKeyInput, @Ctx() ctx: RequestContext): Promise<RotateApiKeyPayload> {
    return rotateApiKey(ctx, input.id);
  }

  @Requires('identity.user.read')
  @FieldResolver(() => User, { description: 'The user who created the key; the key acts with (at most) their permissions.' })
  async owner(@Root() key: ApiKey, @Ctx() ctx: RequestContext): Promise<User> {
    const user = await userById(ctx).load(key.userId);
    if (!user) throw new AppError(ErrorCode.NOT_FOUND, 'The owner of this key no longer exists');
    return user;
  }
}
