import { In } from 'typeorm';
import { AppError, ErrorCode, type RequestContext } from '@leadgraph/shared';
import { Permission } from './permission.entity';

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,2}$/;
const DOMAIN_WILDCARD = /^([a-z][a-z0-9_]*)\.\*$/;
export const MAX_PERMISSIONS_PER_SET = 200;

/**
 * Refuses (BAD_USER_INPUT, naming `field`) any name that is not in the catalog, and any wildcard
 * other than `*` and `<domain>.*` of a known domain. The database checks the same on role
 * writes (foreign key + trigger); checking here first gives the caller a useful message.
 * Returns the names without duplicates, in the given order.
 */
export async function checkPermissionNames(ctx: RequestContext, names: string[], field: string): Promise<string[]> {
  const unique = [...new Set(names)];
  if (unique.length > MAX_PERMISSIONS_PER_SET) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} may hold at most ${MAX_PERMISSIONS_PER_SET} permissions`, { field });
  }
  const malformed = unique.filter((n) => n !== '*' && !DOMAIN_WILDCARD.test(n) && !NAME.test(n));
  if (malformed.length > 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Not a permission name: ${malformed.join(', ')}`, { field });
  }
  const concrete = unique.filter((n) => NAME.test(n));
  const domains = [...new Set(unique.map((n) => DOMAIN_WILDCARD.exec(n)?.[1]).filter((d): d is string => !!d))];
  const [known, knownDomains] = await Promise.all([
    concrete.length ? ctx.manager.find(Permission, { select: { name: true }, where: { name: In(concrete) } }) : [],
    domains.length
      ? ctx.manager.createQueryBuilder(Permission, 'p').select('DISTINCT p.domain', 'domain').where('p.domain IN (:...domains)', { domains }).getRawMany<{ domain: string }>()
      : [],
  ]);
  const knownNames = new Set(known.map((p) => p.name));
  const knownDomainSet = new Set(knownDomains.map((d) => d.domain));
  const unknown = unique.filter((n) => (NAME.test(n) ? !knownNames.has(n) : n !== '*' && !knownDomainSet.has(DOMAIN_WILDCARD.exec(n)![1])));
  if (unknown.length > 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Unknown permission: ${unknown.join(', ')}`, { field });
  }
  return unique;
}
