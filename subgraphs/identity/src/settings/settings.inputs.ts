import { Field, InputType, ObjectType } from 'type-graphql';
import { IsFQDN, IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { NotNullable } from '@leadgraph/shared';
import { UserEmailPreferences, WhiteLabelSettings } from './settings.entity';

/** Omitted fields keep their value; null clears them. */
@InputType()
export class UpdateWhiteLabelSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) brandName?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'logoUrl must be an https URL' })
  logoUrl?: string | null;
  @Field(() => String, { nullable: true, description: '#RRGGBB' })
  @IsOptional()
  @Matches(/^#[0-9A-Fa-f]{6}$/, { message: 'primaryColor must be a colour as #RRGGBB' })
  primaryColor?: string | null;
  @Field(() => String, { nullable: true, description: 'A host name such as crm.example.com; stored in lower case.' })
  @IsOptional()
  @MaxLength(253)
  @IsFQDN({ require_tld: true }, { message: 'customDomain must be a host name such as crm.example.com' })
  customDomain?: string | null;
}

@ObjectType()
export class WhiteLabelSettingsPayload {
  @Field(() => WhiteLabelSettings) whiteLabelSettings: WhiteLabelSettings;
}

@InputType()
export class UpdateEmailPreferencesInput {
  @Field({ nullable: true }) @NotNullable() marketingEmails?: boolean;
  @Field({ nullable: true }) @NotNullable() productUpdates?: boolean;
  @Field({ nullable: true }) @NotNullable() securityAlerts?: boolean;
}

@ObjectType()
export class EmailPreferencesPayload {
  @Field(() => UserEmailPreferences) emailPreferences: UserEmailPreferences;
}
