/**
 * Words the two connector pages share: a backfill's state and progress in one line (the list),
 * and each tool's wording of its own things (what a mapping's source is, where to find a token),
 * from the `integrations` catalogue by the tool's id.
 */
import { useTranslation } from 'react-i18next'

export type BackfillState = 'running' | 'done' | 'failed' | 'cancelled'

export function BackfillSummary({ state, since, pages, events }: { state: BackfillState; since: string; pages: number; events: number }) {
	const { t } = useTranslation('integrations')
	const text = t('connectors.backfillLine', {
		state: t(`connectors.backfillState.${state}`),
		since,
		pages: t('connectors.pages', { count: pages }),
		events: t('connectors.events', { count: events }),
	})
	return state === 'failed' ? <span className="badge badge-danger">{text}</span> : <>{text}</>
}
