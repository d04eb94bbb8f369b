import DataLoader from 'dataloader';
import { isUUID } from 'class-validator';
import { dataScopeCondition, loader, type RequestContext } from '@leadgraph/shared';
import { Lead } from './lead.entity';

/** A lead is the principal's when it is assigned to them or they created it. */
export const LEAD_OWNER_COLUMNS = ['lead.assigned_to', 'lead.created_by'];

/** Leads by id within the caller's data scope: out of scope looks exactly like missing. */
export const leadById = (ctx: RequestContext) =>
  loader(ctx, 'lead.byId', (c) =>
    new DataLoader<string, Lead | null>(async (ids) => {
      const valid = ids.filter((id) => isUUID(id));
      if (valid.length === 0) return ids.map(() => null);
      const qb = c.manager.createQueryBuilder(Lead, 'lead').where('lead.id = ANY(:ids)', { ids: valid });
      const scope = dataScopeCondition(c.principal, LEAD_OWNER_COLUMNS);
      if (scope) qb.andWhere(scope.sql, scope.params);
      const byId = new Map((await qb.getMany()).map((lead) => [lead.id, lead]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  );
