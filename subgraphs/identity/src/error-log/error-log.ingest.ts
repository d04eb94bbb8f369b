import { ERROR_REPORTS_ROUTE, errorReportSchema, mountServiceIngestRoute, type ErrorReport, type RouteDeps } from '@leadgraph/shared';

type App = Parameters<typeof mountServiceIngestRoute>[0];

/**
 * Stores one subgraph's report of a masked error in identity.error_logs, once per report id.
 * error_message holds only where it failed, since tenant admins read it too; what the error
 * said (it may quote SQL) and the stack are in the support-only context and stack_trace.
 */
export async function storeErrorReport(report: ErrorReport, { dataSource }: Pick<RouteDeps, 'dataSource'>): Promise<boolean> {
  const where = report.path ?? report.operationName ?? 'the request';
  return dataSource.transaction(async (manager) => {
    await manager.query(`select set_config('app.tenant_id', $1, true)`, [report.tenantId]);
    const rows: unknown[] = await manager.query(
      `INSERT INTO identity.error_logs (id, tenant_id, user_id, error_type, error_code, severity, error_message, stack_trace,
                                        endpoint, method, status_code, environment, context, correlation_id)
       VALUES ($1, $2, $3, $4, 'INTERNAL_SERVER_ERROR', 'high', $5, $6, $7, 'POST', 500, $8, $9, $10)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        report.id,
        report.tenantId,
        report.userId,
        report.errorType,
        `Internal server error in ${report.domain} at ${where}`,
        report.stack,
        `${report.domain}:${report.operationName ?? 'anonymous operation'}`.slice(0, 200),
        report.environment,
        { domain: report.domain, operationName: report.operationName, path: report.path, detail: report.detail },
        report.correlationId,
      ],
    );
    return rows.length > 0;
  });
}

/** `POST /internal/error-logs`: every subgraph reports its masked errors here (reporter token only). */
export function mountErrorLogsRoute(app: App, deps: RouteDeps): void {
  mountServiceIngestRoute(
    app,
    deps,
    { ...ERROR_REPORTS_ROUTE, limit: '256kb', handle: async (report) => ({ stored: await storeErrorReport(report, deps) }) },
    errorReportSchema,
  );
}
