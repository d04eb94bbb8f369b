import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { DateTimeFilter, OrderInput, StringFilter, NotNullable } from '@leadgraph/shared';
import type { Podcast } from './podcast.entity';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

@InputType({ description: 'Filter podcasts; fields combine with AND.' })
export class PodcastFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [PodcastFilter], { nullable: true }) and?: PodcastFilter[];
  @Field(() => [PodcastFilter], { nullable: true }) or?: PodcastFilter[];
  @Field(() => PodcastFilter, { nullable: true }) not?: PodcastFilter;
}

export const PODCAST_FILTER_COLUMNS = {
  name: 'podcast.name',
  createdAt: 'podcast.created_at',
};

export enum PodcastOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
export const PodcastOrder = OrderInput(PodcastOrderField, 'Podcast');

export const PODCAST_ORDER_COLUMNS: Record<PodcastOrderField, { sql: string; property: keyof Podcast & string }> = {
  NAME: { sql: 'podcast.name', property: 'name' },
  CREATED_AT: { sql: 'podcast.created_at', property: 'createdAt' },
};

/** Optional columns: null clears them. */
@InputType()
class PodcastFields {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2048) @IsUrl(URL_OPTIONS) rssFeedUrl?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2048) @IsUrl(URL_OPTIONS) websiteUrl?: string | null;
}

@InputType()
export class CreatePodcastInput extends PodcastFields {
  @Field() @Length(1, 255) name: string;
}

@InputType()
export class UpdatePodcastInput extends PodcastFields {
  @Field(() => ID) id: string;
  // Omitted keeps the name; null is refused here rather than by the NOT NULL column.
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
}

@InputType()
export class DeletePodcastInput {
  @Field(() => ID) id: string;
}
