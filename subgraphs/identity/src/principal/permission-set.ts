/**
 * Permission patterns as the shared checker reads them: `*` (everything), `<domain>.*` (a
 * domain) or an exact `<domain>.<resource>.<action>`.
 */
export function covers(grant: string, permission: string): boolean {
  if (grant === '*' || grant === permission) return true;
  return grant.endsWith('.*') && permission.startsWith(grant.slice(0, -1));
}

/**
 * What both sets allow: an API key's scopes narrowed to what its owner holds now, wildcards on
 * either side (`crm.*` ∩ `crm.lead.read` = `crm.lead.read`; `*` ∩ X = X). Each result is the
 * narrower of two overlapping patterns, so nothing outside both sets is ever granted.
 */
export function intersectPermissions(a: readonly string[], b: readonly string[]): string[] {
  const result = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      if (covers(y, x)) result.add(x);
      else if (covers(x, y)) result.add(y);
    }
  }
  return [...result].sort();
}
