import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AGENCY_PRESETS, HIERARCHY_PRESETS, ROLE_PRESETS, type RolePreset } from '@leadgraph/shared';

export enum RolePresetFamily {
  DEFAULT = 'DEFAULT',
  AGENCY = 'AGENCY',
  HIERARCHY = 'HIERARCHY',
}
registerEnumType(RolePresetFamily, {
  name: 'RolePresetFamily',
  valuesConfig: {
    DEFAULT: { description: 'Seed 000: admin, manager, user, viewer (what a new tenant gets).' },
    AGENCY: { description: 'Seed 003 (agency call logging): ceo, admin, sales.' },
    HIERARCHY: { description: "Seed 004: six levels, agent to workspace_admin." },
  },
});

const FAMILIES: [RolePresetFamily, RolePreset[]][] = [
  [RolePresetFamily.DEFAULT, Object.values(ROLE_PRESETS)],
  [RolePresetFamily.AGENCY, AGENCY_PRESETS],
  [RolePresetFamily.HIERARCHY, HIERARCHY_PRESETS],
];

@ObjectType('RolePreset', { description: 'A ready-made role a tenant can create with createRoleFromPreset.' })
export class RolePresetType {
  @Field(() => RolePresetKey, { description: 'What to pass to createRoleFromPreset.' }) key: string;
  @Field(() => RolePresetFamily) family: RolePresetFamily;
  @Field() name: string;
  @Field(() => Int) level: number;
  @Field() description: string;
  @Field(() => [String]) permissions: string[];
}

/** Preset names repeat across families (three `admin`s), so a key is `<FAMILY>_<NAME>`. */
export const ROLE_PRESET_LIST: RolePresetType[] = FAMILIES.flatMap(([family, presets]) =>
  presets.map((p) => Object.assign(new RolePresetType(), { ...p, family, key: `${family}_${p.name.toUpperCase()}` })),
);

export const RolePresetKey: Record<string, string> = Object.fromEntries(ROLE_PRESET_LIST.map((p) => [p.key, p.key]));
registerEnumType(RolePresetKey, { name: 'RolePresetKey', description: 'A role preset: <FAMILY>_<NAME>, e.g. HIERARCHY_SALES_MANAGER.' });

export const rolePreset = (key: string): RolePresetType | undefined => ROLE_PRESET_LIST.find((p) => p.key === key);
