import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length, Matches } from 'class-validator';
import { DateTimeFilter, IDFilter, OrderInput, StringFilter } from '@leadgraph/shared';
import { ApiKey } from './api-key.entity';

/**
 * `*`, `<domain>.*` or `<domain>.<resource>.<action>`: the wildcards the shared checker
 * (`hasPermission`) understands, so a scope never promises more than a subgraph will honour.
 */
export const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9_]*\.\*|[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)$/;

/** The name of a trusted-documents manifest (the gateway's `<name>.json`). */
export const TRUSTED_DOCUMENTS_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'A label for people, e.g. the partner and the use.' })
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => [String], { description: 'Permissions such as crm.lead.read (wildcards crm.* allowed); each must be one you hold.' })
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope must look like crm.lead.read, crm.* or *' })
  scopes: string[];

  @Field(() => Date, { nullable: true, description: 'When the key stops working; never when omitted.' })
  @IsOptional()
  expiresAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Restricts the key to the operations of this trusted-documents manifest (e.g. partner-example); any operation when omitted.',
  })
  @IsOptional()
  @Matches(TRUSTED_DOCUMENTS_PATTERN, { message: 'trustedDocuments must be a manifest name: lowercase letters, digits and dashes, at most 100' })
  trustedDocuments?: string | null;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID) id: string;
}

@InputType()
export class RotateApiKeyInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey) apiKey: ApiKey;
  @Field({ description: 'The key itself, `lg_<prefix>_<secret>`. Shown only here: store it now.' }) secret: string;
}

@ObjectType()
export class RevokeApiKeyPayload {
  @Field(() => ApiKey) apiKey: ApiKey;
}

@ObjectType()
export class RotateApiKeyPayload {
  @Field(() => ApiKey, { description: 'The new key; the old one is revoked.' }) apiKey: ApiKey;
  @Field({ description: 'The new key itself. Shown only here: store it now.' }) secret: string;
}

@InputType({ description: 'Filter API keys; fields combine with AND.' })
export class ApiKeyFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) prefix?: StringFilter;
  @Field(() => IDFilter, { nullable: true, description: 'The owner (the user who created the key).' }) userId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true, description: '`{ isNull: true }` for keys not revoked.' }) revokedAt?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) expiresAt?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) lastUsedAt?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [ApiKeyFilter], { nullable: true }) and?: ApiKeyFilter[];
  @Field(() => [ApiKeyFilter], { nullable: true }) or?: ApiKeyFilter[];
  @Field(() => ApiKeyFilter, { nullable: true }) not?: ApiKeyFilter;
}

export const API_KEY_FILTER_COLUMNS = {
  name: 'k.name',
  prefix: 'k.prefix',
  userId: 'k.user_id',
  revokedAt: 'k.revoked_at',
  expiresAt: 'k.expires_at',
  lastUsedAt: 'k.last_used_at',
  createdAt: 'k.created_at',
};

export enum ApiKeyOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
}
export const ApiKeyOrder = OrderInput(ApiKeyOrderField, 'ApiKey');

export const API_KEY_ORDER_COLUMNS: Record<ApiKeyOrderField, { sql: string; property: keyof ApiKey & string }> = {
  CREATED_AT: { sql: 'k.created_at', property: 'createdAt' },
  NAME: { sql: 'k.name', property: 'name' },
};
