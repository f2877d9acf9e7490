import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { AUDIT_ACTION_LABELS, auditActions } from '~/audit/actions'
import { auditFilterFrom, listAudit, sayAuditEvent } from '~/audit/audit.server'
import type { AuditPart } from '~/audit/audit-words.server'
import { requireAdmin } from '~/auth/guard.server'
import { PageHead, Pager } from '~/components/page'
import { adminTitle } from '~/i18n/admin-title'
import { personLocale } from '~/i18n/i18n.server'
import { shortDateTime } from '~/i18n/weekdays'
import { roles } from '~db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('audit.title')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const filter = auditFilterFrom(new URL(request.url).searchParams)
	const list = await listAudit(org.id, org.timeZone, filter)
	// The moment in the admin's language, in the organisation's zone (written here: the browser shows the same text).
	// Each event's name, subject and detail in the admin's language (data stays as stored).
	const events = list.events.map((e) => ({ ...sayAuditEvent(locale, e), when: shortDateTime(new Date(e.at), locale, org.timeZone, { seconds: true }) }))
	return { ...list, events, filter, timeZone: org.timeZone }
}

/** Words, data as stored (isolated, so a name in another script keeps its direction), and words an older version stored in English, marked. */
function Parts({ parts }: { parts: AuditPart[] }) {
	const { t } = useTranslation('admin')
	return (
		<>
			{parts.map((p, i) =>
				p.data ? (
					<bdi key={i}>{p.text}</bdi>
				) : p.recorded ? (
					<span key={i} className="audit-recorded">
						<q>{p.text}</q> <span className="muted">{t('audit.asRecorded')}</span>
					</span>
				) : (
					<span key={i}>{p.text}</span>
				),
			)}
		</>
	)
}

export default function AuditLog() {
	const { events, total, page, pages, filter, timeZone } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const exportParams = new URLSearchParams(params)
	exportParams.delete('page')
	const filtered = Boolean(filter.action || filter.person || filter.from || filter.to)
	const { t, i18n } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	// An event's name in the admin's language; a code this version does not know (an older row) keeps its words.
	const actionLabel = (code: string, fallback: string) => (i18n.exists(`auditActions.${code}`, { ns: 'admin' }) ? t(`auditActions.${code}`) : fallback)
	// Alphabetical by what an admin reads, not by code.
	const actions = [...auditActions].sort((a, b) => actionLabel(a, AUDIT_ACTION_LABELS[a]).localeCompare(actionLabel(b, AUDIT_ACTION_LABELS[b]), i18n.language))
	const actorRole = (label: string) => ((roles as readonly string[]).includes(label) ? tApp(`roles.${label}`) : label === 'self' ? t('audit.self') : label)
	const erased = (text: string) => text.split('(erased person)').join(t('audit.erasedPerson'))
	const actorLabel = (label: string) => {
		if (label === 'system') return t('audit.actors.system')
		if (label === 'command line') return t('audit.actors.command')
		if (label === 'anonymous') return t('audit.actors.anonymous')
		const key = label.match(/^api key (.+)$/)
		if (key) return t('audit.actors.apiKey', { id: key[1] })
		const token = label.match(/^provisioning \(SCIM\) token (.+)$/)
		if (token) return t('audit.actors.scimToken', { id: token[1] })
		return erased(label)
	}
	return (
		<>
			<PageHead
				title={t('audit.title')}
				actions={
					<a className="button button-secondary" href={`/admin/audit/export?${exportParams}`} download>
						{t('people.export')}
					</a>
				}
			>
				{filtered ? t('audit.countFiltered', { count: total }) : t('audit.count', { count: total })} {t('audit.intro')}
			</PageHead>
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="action">{t('audit.action')}</label>
					<select id="action" name="action" defaultValue={filter.action ?? ''}>
						<option value="">{t('audit.allActions')}</option>
						{actions.map((a) => (
							<option key={a} value={a}>
								{actionLabel(a, AUDIT_ACTION_LABELS[a])}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="person">{t('audit.person')}</label>
					<p id="person-hint" className="hint">
						{t('audit.personHint')}
					</p>
					<input id="person" type="search" name="person" defaultValue={filter.person ?? ''} placeholder={t('audit.personPlaceholder')} aria-describedby="person-hint" />
				</div>
				<div className="field">
					<label htmlFor="from">{t('reportSettings.from')}</label>
					<input id="from" type="date" name="from" defaultValue={filter.from ?? ''} />
				</div>
				<div className="field">
					<label htmlFor="to">{t('reportSettings.to')}</label>
					<input id="to" type="date" name="to" defaultValue={filter.to ?? ''} />
				</div>
				<button type="submit" className="button button-secondary">
					{t('filters.submit')}
				</button>
			</Form>
			{events.length === 0 ? (
				<div className="card empty">
					<strong>{filtered ? t('audit.noMatch') : t('audit.empty')}</strong>
					{filtered ? <Link to="/admin/audit">{t('filters.clear')}</Link> : null}
				</div>
			) : (
				<table className="stack-table audit-table" aria-label={t('audit.label')}>
					<thead>
						<tr>
							<th scope="col">{t('audit.when', { zone: timeZone })}</th>
							<th scope="col">{t('outbox.what')}</th>
							<th scope="col">{t('audit.who')}</th>
							<th scope="col">{t('audit.concerning')}</th>
							<th scope="col">{t('audit.details')}</th>
							<th scope="col">{t('audit.address')}</th>
						</tr>
					</thead>
					<tbody>
						{events.map((e) => (
							<tr key={e.id}>
								<td data-label={t('audit.whenShort')}>
									<time dateTime={e.at}>{t('moment', { at: e.when })}</time>
								</td>
								<td data-label={t('outbox.what')}>
									<strong>{actionLabel(e.action, e.actionLabel)}</strong>
									<span className="muted small audit-code"> {e.action}</span>
								</td>
								<td data-label={t('audit.who')}>
									{actorLabel(e.actor)}
									{e.actorRole ? <span className="muted small"> ({actorRole(e.actorRole)})</span> : null}
								</td>
								<td data-label={t('audit.concerning')} className={e.target ? undefined : 'is-empty'}>
									{e.target ? <Parts parts={e.target} /> : <span className="muted">—</span>}
								</td>
								<td data-label={t('audit.details')} className={e.details.length ? undefined : 'is-empty'}>
									{e.details.length ? (
										<ul className="plain-list small">
											{e.details.map((line, i) => (
												<li key={i}>
													<Parts parts={line} />
												</li>
											))}
										</ul>
									) : (
										<span className="muted">—</span>
									)}
								</td>
								<td data-label={t('audit.address')} className={e.ip ? undefined : 'is-empty'}>
									{e.ip ?? <span className="muted">—</span>}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<Pager page={page} pages={pages} />
		</>
	)
}
