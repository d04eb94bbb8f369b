/** Where two JSON values differ, as `path: expected … got …` lines (at most `limit`). */
export function jsonDiff(expected: unknown, actual: unknown, limit = 10): string[] {
  const out: string[] = [];
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'undefined' : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  };
  const walk = (e: unknown, a: unknown, at: string) => {
    if (out.length >= limit) return;
    if (Object.is(e, a)) return;
    if (Array.isArray(e) && Array.isArray(a)) {
      if (e.length !== a.length) out.push(`${at}: expected ${e.length} items, got ${a.length}`);
      for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`);
      return;
    }
    if (e && a && typeof e === 'object' && typeof a === 'object' && !Array.isArray(e) && !Array.isArray(a)) {
      const eo = e as Record<string, unknown>;
      const ao = a as Record<string, unknown>;
      for (const k of new Set([...Object.keys(eo), ...Object.keys(ao)])) {
        if (!(k in ao)) out.push(`${at}.${k}: expected ${show(eo[k])}, missing`);
        else if (!(k in eo)) out.push(`${at}.${k}: unexpected ${show(ao[k])}`);
        else walk(eo[k], ao[k], `${at}.${k}`);
        if (out.length >= limit) return;
      }
      return;
    }
    out.push(`${at}: expected ${show(e)}, got ${show(a)}`);
  };
  walk(expected, actual, '$');
  return out;
}

/** Deep equality of JSON values (key order ignored, array order not). */
export const jsonEqual = (expected: unknown, actual: unknown) => jsonDiff(expected, actual, 1).length === 0;
