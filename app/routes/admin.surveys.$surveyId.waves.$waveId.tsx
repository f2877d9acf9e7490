import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { DateTime } from 'luxon'
import { useEffect } from 'react'

import { requireAdmin } from '~/auth/guard.server'
import { FormError, Notice, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { closeWave, getWave, notAnsweredYet, participation, sendReminder } from '~/pulses/waves.server'
import { orgTimeZone } from '~/surveys/surveys.server'
import { invariantResponse, requireId } from '~/utils/http'
import { countOf } from '~/utils/plural'

export const meta: MetaFunction = () => [{ title: 'Wave · State of Now' }]

async function load(request: Request, params: { surveyId?: string; waveId?: string }) {
	const { org } = await requireAdmin(request)
	const wave = await getWave(org.id, requireId(params.waveId))
	invariantResponse(wave && wave.surveyId === requireId(params.surveyId), 'Not found')
	return { org, wave }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org, wave } = await load(request, params)
	const [{ timeZone }, p] = await Promise.all([orgTimeZone(org.id), participation(org.id, wave.id)])
	const now = new Date()
	const fmt = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: timeZone }).toFormat('ccc d LLL, HH:mm') : null)
	return {
		surveyId: wave.surveyId,
		surveyName: wave.surveyName,
		k: p.k,
		open: !wave.closedAt && wave.closesAt > now,
		opens: fmt(wave.opensAt),
		closes: fmt(wave.closedAt && wave.closedAt < wave.closesAt ? wave.closedAt : wave.closesAt),
		reminderAt: fmt(wave.reminderAt),
		reminderSent: fmt(wave.reminderSentAt),
		timeZone,
		participation: p,
		notAnswered: notAnsweredYet(p),
	}
}

type Outcome = { error: string | null; done: string | null; confirmRemind: boolean; confirmClose: boolean }
const outcome = (o: Partial<Outcome>): Outcome => ({ error: null, done: null, confirmRemind: false, confirmClose: false, ...o })

export async function action({ request, params }: ActionFunctionArgs) {
	const { org, wave } = await load(request, params)
	const form = await request.formData()
	const intent = form.get('intent')
	if (intent === 'remind') {
		// A reminder cannot be taken back: the first press asks, only the confirming one sends.
		if (form.get('confirm') !== 'yes') return outcome({ confirmRemind: true })
		const n = await sendReminder(org.id, wave.id)
		if (n === null) return data(outcome({ error: 'The reminder was already sent, or the wave has closed.' }), { status: 400 })
		// How many were reminded is how many have not answered: said only where the page shows it.
		const shown = notAnsweredYet(await participation(org.id, wave.id)) !== null
		return outcome({ done: shown ? `Reminder queued for ${countOf(n, 'person', 'people')} who have not answered.` : 'Reminder queued for everyone who has not answered.' })
	}
	if (intent === 'close') {
		// Closing cannot be taken back either: the first press says who would be left out and asks.
		if (form.get('confirm') !== 'yes') return outcome({ confirmClose: true })
		if (!(await closeWave(org.id, wave.id))) return data(outcome({ error: 'The wave is already closed.' }), { status: 400 })
		return outcome({ done: 'The wave is closed; its links no longer accept answers.' })
	}
	return data(outcome({ error: 'That request was not understood.' }), { status: 400 })
}

const pct = (r: number) => `${Math.round(r * 100)}%`

export default function WavePage() {
	const d = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const revalidator = useRevalidator()
	// Participation is live while the wave is open.
	useEffect(() => {
		if (!d.open) return
		const t = setInterval(() => revalidator.state === 'idle' && document.visibilityState === 'visible' && revalidator.revalidate(), 5000)
		return () => clearInterval(t)
	}, [d.open, revalidator])
	const p = d.participation
	return (
		<>
			<p className="small">
				<Link to={`/admin/surveys/${d.surveyId}`}>← {d.surveyName}</Link>
			</p>
			<PageHead
				title={<>Wave of {d.opens}</>}
				actions={
					d.open && !result?.confirmClose ? (
						<Form method="post">
							<SubmitButton className="button button-danger" name="intent" value="close" pendingText="Checking…">
								Close now…
							</SubmitButton>
						</Form>
					) : null
				}
			>
				{d.open ? <span className="badge badge-ok">Open</span> : <span className="badge">Closed</span>} · {d.open ? 'closes' : 'closed'} {d.closes} ({d.timeZone})
			</PageHead>
			{params.get('opened') && !result ? (
				<Notice>
					The wave is open and the invitations are on their way (see the <Link to="/admin/outbox">outbox</Link>).
				</Notice>
			) : null}
			{d.open && result?.confirmClose ? (
				<div className="alert alert-info" role="alert">
					<p>
						<strong>Close this wave now?</strong>{' '}
						{d.notAnswered === null
							? `${countOf(p.invited, 'person was', 'people were')} invited; how many have not answered yet is not shown, ${p.invited < d.k ? `as fewer than ${d.k} were invited` : 'to protect a smaller group'} (the same rule as the figures below).`
							: d.notAnswered === 0
								? `Everyone invited (${p.invited}) has answered.`
								: `${d.notAnswered} of the ${p.invited} invited ${d.notAnswered === 1 ? 'has' : 'have'} not answered yet.`}{' '}
						Once it is closed, no link accepts an answer, and it cannot be opened again.
					</p>
					<div className="actions">
						<Form method="post">
							<input type="hidden" name="confirm" value="yes" />
							<SubmitButton className="button button-danger" name="intent" value="close" pendingText="Closing…">
								Yes, close it now
							</SubmitButton>
						</Form>
						<Link className="button button-secondary" to=".">
							Keep it open
						</Link>
					</div>
				</div>
			) : null}
			<Notice>{result?.done}</Notice>
			<FormError error={result?.error ?? undefined} />
			<div className="stat-row" aria-label="Participation">
				<div className="stat">
					<strong>{p.invited}</strong>
					<span>invited</span>
				</div>
				<div className="stat">
					<strong>{p.answered ?? '—'}</strong>
					<span>answered</span>
				</div>
				<div className="stat">
					<strong>{p.rate === null ? '—' : pct(p.rate)}</strong>
					<span>participation</span>
				</div>
				<div className="stat">
					<strong>{d.reminderSent ? 'Sent' : d.reminderAt ? 'Planned' : 'None'}</strong>
					<span>reminder{d.reminderSent ? ` · ${d.reminderSent}` : d.reminderAt ? ` · ${d.reminderAt}` : ''}</span>
				</div>
			</div>
			{d.open && !d.reminderSent ? (
				<section className="card" aria-labelledby="reminder">
					<h2 id="reminder">Reminder</h2>
					{result?.confirmRemind ? (
						<div className="alert alert-info" role="alert">
							<p>
								Send the reminder now to everyone who has not answered yet? It cannot be taken back
								{d.reminderAt ? `, and the planned one (${d.reminderAt}) will not be sent again` : ''}.
							</p>
							<div className="actions">
								<Form method="post">
									<input type="hidden" name="confirm" value="yes" />
									<SubmitButton name="intent" value="remind" pendingText="Queuing…">
										Yes, send the reminder
									</SubmitButton>
								</Form>
								<Link className="button button-secondary" to=".">
									Cancel
								</Link>
							</div>
						</div>
					) : (
						<>
							<p className="small muted">{d.reminderAt ? `Planned for ${d.reminderAt}. ` : 'None is planned. '}It goes only to those who have not answered.</p>
							<Form method="post">
								<SubmitButton className="button button-secondary" name="intent" value="remind" pendingText="Checking…">
									Send the reminder now…
								</SubmitButton>
							</Form>
						</>
					)}
				</section>
			) : null}
			<h2>By team</h2>
			<p className="small muted">
				A team's figures include its sub-teams. Who has answered is protected like answers: a team shows how many answered only when at least {d.k} people were invited (k = {d.k})
				and no smaller group could be worked out from it by subtraction. Results appear once the wave has closed and its week is released.
			</p>
			{p.teams.length === 0 ? (
				<EmptyState title="Nobody was invited">The audience had no active people when the wave opened.</EmptyState>
			) : (
				<TableScroll label="Participation by team">
					<table aria-label="Participation by team">
						<thead>
							<tr>
								<th scope="col">Team</th>
								<th scope="col" className="num">
									Invited
								</th>
								<th scope="col" className="num">
									Answered
								</th>
								<th scope="col">Rate</th>
							</tr>
						</thead>
						<tbody>
							{p.teams.map((t) => (
								<tr key={t.teamId ?? 'none'}>
									<td style={{ paddingLeft: `${0.75 + t.depth * 1.25}rem` }}>{t.path ? t.path.split('/').pop() : <em>No team</em>}</td>
									<td className="num">{t.invited}</td>
									<td className="num">{t.rate === null ? '—' : t.answered}</td>
									<td>
										{t.rate === null ? (
											<span className="muted small">
												{t.invited < d.k ? `fewer than ${d.k} invited` : t.teamId === null ? 'not shown on its own' : 'hidden to protect a smaller group'}
											</span>
										) : (
											<>
												<span className="rate-bar" style={{ width: `${Math.max(2, t.rate * 80)}px` }} aria-hidden="true" />
												{pct(t.rate)}
											</>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
		</>
	)
}
