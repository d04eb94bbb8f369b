import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsDate, IsInt, IsOptional, IsString, IsUrl, Length, Max, MaxLength, Min, isUUID } from 'class-validator';
import {
  AppError,
  DEFAULT_PAGE_SIZE,
  DateTimeFilter,
  ErrorCode,
  IDFilter,
  IntFilter,
  MAX_PAGE_SIZE,
  OrderDirection,
  OrderInput,
  StringFilter,
  type SortSpec,
  NotNullable,
} from '@leadgraph/shared';
import type { Episode } from './episode.entity';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };
/** A day: longer than any real episode, small enough to catch a value given in milliseconds. */
const MAX_DURATION_SECONDS = 86_400;

@InputType({ description: 'Filter episodes; fields combine with AND.' })
export class EpisodeFilter {
  @Field(() => IDFilter, { nullable: true }) podcastId?: IDFilter;
  @Field(() => StringFilter, { nullable: true }) title?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) publishedAt?: DateTimeFilter;
  @Field(() => IntFilter, { nullable: true }) episodeNumber?: IntFilter;
  @Field(() => [EpisodeFilter], { nullable: true }) and?: EpisodeFilter[];
  @Field(() => [EpisodeFilter], { nullable: true }) or?: EpisodeFilter[];
  @Field(() => EpisodeFilter, { nullable: true }) not?: EpisodeFilter;
}

export const EPISODE_FILTER_COLUMNS = {
  podcastId: 'episode.podcast_id',
  title: 'episode.title',
  publishedAt: 'episode.published_at',
  episodeNumber: 'episode.episode_number',
};

/** podcast_id is a uuid column: a malformed id must be bad input, not a SQL cast error. */
export function assertEpisodeFilterIds(filter: EpisodeFilter | null | undefined): void {
  if (!filter) return;
  const ids = [filter.podcastId?.eq, ...(filter.podcastId?.in ?? [])].filter((id) => id != null);
  const bad = ids.find((id) => !isUUID(id));
  if (bad !== undefined) throw new AppError(ErrorCode.BAD_USER_INPUT, 'podcastId must be a UUID', { field: 'podcastId' });
  [...(filter.and ?? []), ...(filter.or ?? []), filter.not].forEach(assertEpisodeFilterIds);
}

export enum EpisodeOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  EPISODE_NUMBER = 'EPISODE_NUMBER',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
}
export const EpisodeOrder = OrderInput(EpisodeOrderField, 'Episode');

const EPISODE_SORT_KEYS: Record<EpisodeOrderField, { column: string; property: keyof Episode & string }> = {
  PUBLISHED_AT: { column: 'published_at', property: 'publishedAt' },
  EPISODE_NUMBER: { column: 'episode_number', property: 'episodeNumber' },
  TITLE: { column: 'title', property: 'title' },
  CREATED_AT: { column: 'created_at', property: 'createdAt' },
};

/** Sort columns under a given table alias (the batched child loader needs a second alias). */
export const episodeOrderColumns = (alias: string) =>
  Object.fromEntries(
    Object.entries(EPISODE_SORT_KEYS).map(([field, key]) => [field, { sql: `${alias}.${key.column}`, property: key.property }]),
  ) as Record<EpisodeOrderField, { sql: string; property: keyof Episode & string }>;

export const EPISODE_ORDER_COLUMNS = episodeOrderColumns('episode');
export const EPISODE_DEFAULT_ORDER: SortSpec[] = [{ field: EpisodeOrderField.PUBLISHED_AT, direction: OrderDirection.DESC }];

/** Optional columns: null clears them. */
@InputType()
class EpisodeFields {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(MAX_DURATION_SECONDS) durationSeconds?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2048) @IsUrl(URL_OPTIONS) audioUrl?: string | null;
}

@InputType()
export class CreateEpisodeInput extends EpisodeFields {
  @Field(() => ID, { description: 'A podcast of your tenant.' }) podcastId: string;
  @Field() @Length(1, 500) title: string;
  @Field(() => Int, { nullable: true, description: 'Defaults to the next number in the podcast.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  episodeNumber?: number;
  @Field({ nullable: true, description: 'Defaults to now.' }) @IsOptional() @IsDate() publishedAt?: Date;
}

// Omitted fields stay as they are; null is refused for the NOT NULL ones here, not by the database.
@InputType()
export class UpdateEpisodeInput extends EpisodeFields {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 500) title?: string;
  @Field(() => Int, { nullable: true }) @NotNullable() @IsInt() @Min(1) episodeNumber?: number;
  @Field({ nullable: true }) @NotNullable() @IsDate() publishedAt?: Date;
}

@ArgsType()
export class PodcastEpisodesArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `How many episodes (max ${MAX_PAGE_SIZE}); page through all of them with Query.episodes.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number;

  @Field(() => [EpisodeOrder], { nullable: true, description: 'Default: latest published first.' })
  orderBy?: SortSpec[];
}
