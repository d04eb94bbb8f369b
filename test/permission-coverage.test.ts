import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { DOMAINS, PUBLIC, SIGNED_IN } from '@leadgraph/shared';
import { SUPERGRAPH_PATH } from '../scripts/src/compose';

const supergraph = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
const PERMISSION = new RegExp(`^(${DOMAINS.join('|')})\\.[a-z_]+\\.[a-z_]+$`);

/** The `@permission(name:)` values the composed supergraph carries for a field. */
function declared(field: GraphQLField<unknown, unknown>): string[] {
  return (field.astNode?.directives ?? [])
    .filter((d) => d.name.value === 'permission')
    .map((d) => {
      const arg = d.arguments?.find((a) => a.name.value === 'name');
      return arg?.value.kind === 'StringValue' ? arg.value.value : '';
    });
}

const rootFields = (type: GraphQLObjectType | null | undefined) =>
  Object.values(type?.getFields() ?? {}).map((field) => [`${type!.name}.${field.name}`, field] as const);

describe('every root field of the composed supergraph declares what it needs (deny by default)', () => {
  const fields = [...rootFields(supergraph.getQueryType()), ...rootFields(supergraph.getMutationType())];

  it('walks a real supergraph', () => {
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.map(([name]) => name)).toEqual(expect.arrayContaining(['Query.leads', 'Mutation.createLead', 'Mutation.login']));
  });

  it.each(fields)('%s has a @permission', (_name, field) => {
    const requirements = declared(field);
    expect(requirements.length).toBeGreaterThan(0);
    for (const requirement of requirements) {
      expect(requirement === PUBLIC || requirement === SIGNED_IN || PERMISSION.test(requirement) ? 'valid' : `invalid: ${requirement}`).toBe('valid');
    }
  });

  it('keeps public root fields to the sign-in flows', () => {
    const open = fields.filter(([, field]) => declared(field).includes(PUBLIC)).map(([name]) => name);
    expect(open.every((name) => name.startsWith('Mutation.'))).toBe(true);
    expect(open).toContain('Mutation.login');
  });
});
