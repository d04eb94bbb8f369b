import type { EntityManager } from 'typeorm';
import type { DemoContext } from '@leadgraph/shared';

const LEADS = [
  { name: 'Dana Whitfield', company: 'Northwind', status: 'qualified', score: 86, temperature: 'hot' },
  { name: 'Ravi Menon', company: 'Contoso', status: 'contacted', score: 64, temperature: 'warm' },
  { name: 'Ines Duarte', company: 'Fabrikam', status: 'new', score: 41, temperature: 'cold' },
  { name: 'Tom Becker', company: 'Initech', status: 'new', score: 23, temperature: 'cold' },
];

/**
 * A few leads per tenant, assigned to the demo salespeople; the first two come from the
 * scored assessment responses that the assessments seed creates with the same demo ids.
 */
export async function seedCrm(manager: EntityManager, demo: DemoContext): Promise<void> {
  for (const tenant of demo.tenants) {
    const owners = tenant.users.filter((u) => u.role === 'user' || u.role === 'manager');
    for (const [i, lead] of LEADS.entries()) {
      const email = `${lead.name.split(' ')[0].toLowerCase()}@${lead.company.toLowerCase()}.example`;
      await manager.query(
        `INSERT INTO crm.leads (id, tenant_id, email, name, company, status, lead_score, temperature, source,
                                response_id, assigned_to, assigned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now()) ON CONFLICT (id) DO NOTHING`,
        [
          demo.id(`${tenant.slug}:lead:${i}`),
          tenant.id,
          email,
          lead.name,
          lead.company,
          lead.status,
          lead.score,
          lead.temperature,
          i < 2 ? 'assessment' : 'website',
          i < 2 ? demo.id(`${tenant.slug}:response:${i}`) : null,
          owners[i % owners.length]?.id ?? null,
        ],
      );
    }
  }
}
