import type { LoaderFunctionArgs } from '@remix-run/node'

import { apiHandler, json } from '~/api/api-http.server'
import { requireReportReader } from '~/api/report-reader.server'
import { recordAuditNow } from '~/audit/audit.server'
import { reportFromParams, weeklyRows } from '~/reports/mindset-query.server'
import { ERROR_CODES } from '~/utils/errors'

// GET /api/v1/reports/mindset: with an API key, or from the browser of a signed-in admin or executive.
export async function loader({ request, context }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		const { orgId, actor } = await requireReportReader(request, context, 'these figures')
		const r = await reportFromParams(orgId, new URL(request.url).searchParams)
		if (!r.ok) return json({ errors: r.errors }, ERROR_CODES[r.code].status)
		const { report } = r
		await recordAuditNow(orgId, {
			actor,
			action: 'report.api_read',
			target: 'GET /api/v1/reports/mindset',
			detail: { from: report.from, to: report.to, team: report.selected.path ?? null, level: report.level ?? null },
		})
		return json({
			from: report.from,
			to: report.to,
			team: report.selected.path,
			level: report.level,
			timeZone: report.timeZone,
			k: report.k,
			weeks: weeklyRows(report),
			// The windows under their own names: `baseline` and `rtmi` are the RTMI then and now.
			progress: { ...report.headline, baselineWindow: report.baseline, latestWindow: report.latest },
			correlations: report.correlations.map((c) => ({ dimension: c.dimension, metric: 'first_response_minutes', lags: c.lags, topVsBottomQuartile: c.contrast })),
			correlationTest: report.correlationTest,
			drivers: report.drivers,
			findings: report.findings,
		})
	}, request)
}
