/**
 * Which weeks a dashboard section covers, said under its heading where they are not the page's
 * whole period (issue 17: the same dimension read 57 in one place and 50 in another, the periods
 * said only in small print).
 */
import type { TFunction } from 'i18next'

import { type ReportFormat, useReportWords } from './format'
import type { Report } from './types'

export function sectionPeriod(r: Pick<Report, 'from' | 'to' | 'latest' | 'baseline'>, covers: 'latest' | 'change', t: TFunction, f: ReportFormat): string | null {
	const latest = f.range(r.latest)
	if (covers === 'latest') return r.latest.from === r.from && r.latest.to === r.to ? null : t('period.latest', { latest })
	return r.baseline ? t('period.change', { latest, baseline: f.range(r.baseline) }) : t('period.noBaseline', { latest })
}

export function SectionPeriod({ report, covers }: { report: Pick<Report, 'from' | 'to' | 'latest' | 'baseline'>; covers: 'latest' | 'change' }) {
	const { t, f } = useReportWords()
	const text = sectionPeriod(report, covers, t, f)
	return text ? (
		<p className="section-period small muted" data-testid="section-period">
			{text}
		</p>
	) : null
}
