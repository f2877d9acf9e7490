import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import type { FieldErrors } from '~/utils/result'

import { PulseForm } from './pulse-form'
import { ReplyKeyCard } from './reply-key-card'

/** The calm pages around a pulse: thanks, already answered, closed, unknown link. */
export function PulseMessage({ title, children }: { title: string; children: ReactNode }) {
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{title}</h1>
				{children}
			</div>
		</div>
	)
}

export function HowAnswersAreProtected({ k }: { k?: number }) {
	const { t } = useTranslation()
	return (
		<div className="protected">
			<h2>{t('protected.title')}</h2>
			<ul>
				<li>{t('protected.storedApart')}</li>
				<li>{t('protected.participation')}</li>
				<li>{t('protected.threshold', { count: k ?? 5 })}</li>
			</ul>
		</div>
	)
}

export function SignInInstead() {
	const { t } = useTranslation()
	return (
		<p className="small">
			<Link to="/home">{t('pulse.goHome')}</Link>
		</p>
	)
}

/** What a pulse link or page shows, whatever state the pulse is in. */
export function PulseScreen({
	state,
	pulse,
	errors,
	values,
	replyKey = null,
}: {
	replyKey?: string | null
	state: string
	pulse: { surveyName: string; orgName: string; anonymityK: number; items?: Parameters<typeof PulseForm>[0]['items']; closesLabel?: string } | null
	errors: FieldErrors
	values: Record<string, string>
}) {
	const { t } = useTranslation()
	if (state === 'unknown' || !pulse)
		return (
			<PulseMessage title={t('pulse.unknown.title')}>
				<p>{t('pulse.unknown.text')}</p>
			</PulseMessage>
		)
	if (state === 'answered' || state === 'already-answered')
		return (
			<PulseMessage title={t('pulse.answered.title')}>
				<p>{t('pulse.answered.text', { survey: pulse.surveyName })}</p>
				<HowAnswersAreProtected k={pulse.anonymityK} />
			</PulseMessage>
		)
	if (state === 'submitted' && replyKey)
		return (
			<PulseMessage title={t('pulse.thanks.title')}>
				<p>{t('pulse.thanks.text')}</p>
				<ReplyKeyCard replyKey={replyKey} />
				<HowAnswersAreProtected k={pulse.anonymityK} />
				<SignInInstead />
			</PulseMessage>
		)
	if (state === 'closed')
		return (
			<PulseMessage title={t('pulse.closed.title')}>
				<p>{t('pulse.closed.text', { survey: pulse.surveyName })}</p>
			</PulseMessage>
		)
	return (
		<div className="pulse-page">
			<p className="muted small">{pulse.orgName}</p>
			<h1>{pulse.surveyName}</h1>
			<p className="muted">{t('pulse.intro')}</p>
			<PulseForm items={pulse.items ?? []} errors={errors} values={values} closesLabel={pulse.closesLabel ?? ''} />
		</div>
	)
}
