import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

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
	return (
		<div className="protected">
			<h2>How your answers are protected</h2>
			<ul>
				<li>
					Your response is stored without your name, your e-mail, the day or the time you answered: only your team and your level. It waits apart until the pulse closes, then is
					shuffled in with everyone else’s.
				</li>
				<li>Which people have answered is kept apart, only to count participation and to avoid reminding you again.</li>
				<li>
					Nothing is shown while the pulse is open. After it closes, no score, chart or comment is shown for a group in which fewer than {k ?? 5} different people answered, and
					groups are never cut finer to get around that.
				</li>
			</ul>
		</div>
	)
}

export function SignInInstead() {
	return (
		<p className="small">
			<Link to="/home">Go to your home page</Link>
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
	if (state === 'unknown' || !pulse)
		return (
			<PulseMessage title="This link does not work">
				<p>It may have been copied incompletely. Open the link from the e-mail again, or sign in to see the pulses open for you.</p>
			</PulseMessage>
		)
	if (state === 'answered' || state === 'already-answered')
		return (
			<PulseMessage title="You have already answered">
				<p>Your answers to {pulse.surveyName} were received. Each person answers once per pulse, so nothing more was stored.</p>
				<HowAnswersAreProtected k={pulse.anonymityK} />
			</PulseMessage>
		)
	if (state === 'submitted' && replyKey)
		return (
			<PulseMessage title="Thank you — your answers are in">
				<p>They now count towards your team's results, which are shared once enough people have answered.</p>
				<ReplyKeyCard replyKey={replyKey} />
				<HowAnswersAreProtected k={pulse.anonymityK} />
				<SignInInstead />
			</PulseMessage>
		)
	if (state === 'closed')
		return (
			<PulseMessage title="This pulse has closed">
				<p>{pulse.surveyName} is no longer taking answers. The next one will reach you by e-mail.</p>
			</PulseMessage>
		)
	return (
		<div className="pulse-page">
			<p className="muted small">{pulse.orgName}</p>
			<h1>{pulse.surveyName}</h1>
			<p className="muted">A minute or two. Answer for your own day-to-day work.</p>
			<PulseForm items={pulse.items ?? []} errors={errors} values={values} closesLabel={pulse.closesLabel ?? ''} />
		</div>
	)
}
