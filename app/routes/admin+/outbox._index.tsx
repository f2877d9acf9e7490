import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { EmptyState, PageHead, Pager, TableScroll } from '~/components/page'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, hasMessage, personLocale } from '~/i18n/i18n.server'
import { shortDateTime } from '~/i18n/weekdays'
import { mailKind, registeredMailKinds } from '~/mail/registry.server'
import { listOutbox, registerMailKinds } from '~/notifications/mail.server'
import { env } from '~/utils/env.server'
import { textSchema } from '~/utils/text'
import { mailStatuses } from '~db/schema'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('outbox.title')) }]

// Who each e-mail is for and how its delivery went; never its contents, whose link is the recipient's alone.
export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	// Each kind's name in the admin's language (a kind this catalogue does not know keeps its module's label).
	const kindLabel = (kind: string, label: string) => (hasMessage(locale, 'admin', `mailKinds.${kind}`) ? t(`mailKinds.${kind}`) : label)
	// Unknown filter values are dropped rather than rejected: a bookmarked URL keeps working. Built here, in
	// the loader: the kinds come from a .server module, which the browser bundle does not get.
	registerMailKinds()
	const kinds = registeredMailKinds().map((k) => ({ kind: k, label: kindLabel(k, mailKind(k)!.label) }))
	const filterSchema = z.object({
		q: textSchema().trim().max(100).optional().catch(undefined),
		kind: z
			.string()
			.refine((k) => kinds.some((x) => x.kind === k))
			.optional()
			.catch(undefined),
		status: z.enum(mailStatuses).optional().catch(undefined),
		page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
	})
	const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const list = await listOutbox(org.id, filter)
	// Times in the organisation's zone and the app's date style, written on the server (the same text in the browser).
	const when = (d: Date) => shortDateTime(d, locale, org.timeZone)
	return {
		smtp: Boolean(env().SMTP_URL),
		filter,
		kinds,
		total: list.total,
		page: list.page,
		pages: list.pages,
		timeZone: org.timeZone,
		messages: list.messages.map((m) => ({
			id: m.id,
			kind: m.kind,
			kindLabel: kindLabel(m.kind, m.kindLabel),
			to: m.toEmail,
			status: m.status,
			attempts: m.attempts,
			lastError: m.lastError,
			createdAt: m.createdAt.toISOString(),
			created: when(m.createdAt),
			sentAt: m.sentAt?.toISOString() ?? null,
			sent: m.sentAt ? when(m.sentAt) : null,
			writtenToFile: m.writtenToFile,
			channel: m.channel,
		})),
	}
}

export default function Outbox() {
	const { smtp, messages, total, page, pages, filter, timeZone, kinds } = useLoaderData<typeof loader>()
	const filtered = Boolean(filter.q || filter.kind || filter.status)
	const queued = messages.some((m) => m.status === 'queued')
	const revalidator = useRevalidator()
	// While messages wait for the mail worker, refresh so their status changes in front of you.
	useEffect(() => {
		if (!queued) return
		const t = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000)
		return () => clearInterval(t)
	}, [queued, revalidator])
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<>
			<PageHead title={t('outbox.title')}>
				{smtp ? t('outbox.smtp') : t('outbox.noSmtp')} {t('outbox.via')}{' '}
				{filtered ? t('outbox.countFiltered', { count: total, zone: timeZone }) : t('outbox.count', { count: total, zone: timeZone })}
			</PageHead>
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="q">{t('outbox.recipient')}</label>
					<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder={t('outbox.recipientPlaceholder')} aria-describedby="q-hint" />
				</div>
				<div className="field">
					<label htmlFor="kind">{t('outbox.what')}</label>
					<select id="kind" name="kind" defaultValue={filter.kind ?? ''}>
						<option value="">{t('outbox.allKinds')}</option>
						{kinds.map((k) => (
							<option key={k.kind} value={k.kind}>
								{k.label}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="status">{t('people.status')}</label>
					<select id="status" name="status" defaultValue={filter.status ?? ''}>
						<option value="">{t('outbox.allStatuses')}</option>
						{(['queued', 'sent', 'failed', 'skipped'] as const).map((k) => (
							<option key={k} value={k}>
								{t(`outbox.statusFilter.${k}`)}
							</option>
						))}
					</select>
				</div>
				<button type="submit" className="button button-secondary">
					{t('filters.submit')}
				</button>
				<p id="q-hint" className="small muted filters-hint">
					{t('outbox.hint')}
				</p>
			</Form>
			{messages.length === 0 && filtered ? (
				<div className="card empty">
					<strong>{t('outbox.noMatch')}</strong>
					<Link to="/admin/outbox">{t('filters.clear')}</Link>
				</div>
			) : messages.length === 0 ? (
				<EmptyState title={t('outbox.empty')}>
					<span>
						<Trans t={t} i18nKey="outbox.emptyHint" components={{ add: <Link to="/admin/people/new" /> }} />
					</span>
				</EmptyState>
			) : (
				<TableScroll label={t('outbox.label')}>
					<table>
						<thead>
							<tr>
								<th scope="col">{t('outbox.to')}</th>
								<th scope="col">{t('outbox.what')}</th>
								<th scope="col">{t('people.status')}</th>
								<th scope="col">{t('outbox.viaColumn')}</th>
								<th scope="col" className="hide-sm">
									{t('outbox.created')}
								</th>
								<th scope="col" className="hide-sm">
									{t('outbox.sent')}
								</th>
							</tr>
						</thead>
						<tbody>
							{messages.map((m) => (
								<tr key={m.id}>
									<td>{m.to ?? <span className="muted small">{t('outbox.notListed')}</span>}</td>
									<td>{m.kindLabel}</td>
									<td>
										{m.status === 'sent' ? (
											<span className="badge badge-ok">{m.writtenToFile ? t('outbox.status.written') : t('outbox.status.sent')}</span>
										) : m.status === 'skipped' ? (
											<span className="badge">{t('outbox.status.skipped')}</span>
										) : m.status === 'failed' ? (
											<span className="badge badge-danger">{t('outbox.status.failed')}</span>
										) : (
											<span className="badge badge-warn">{m.attempts > 0 && m.lastError ? t('outbox.status.retrying') : t('outbox.status.queued')}</span>
										)}
										{m.status === 'failed' || (m.status === 'queued' && m.lastError) ? (
											<div className="small muted">{t('outbox.attempts', { count: m.attempts, error: m.lastError })}</div>
										) : null}
									</td>
									<td>
										{m.status === 'sent' ? (
											m.channel ? (
												tApp(`channels.${m.channel}`)
											) : m.to === null ? (
												<span className="muted small">{t('outbox.notListedShort')}</span>
											) : (
												'—'
											)
										) : (
											'—'
										)}
									</td>
									<td className="hide-sm">
										<time dateTime={m.createdAt}>{t('moment', { at: m.created })}</time>
									</td>
									<td className="hide-sm">{m.sentAt ? <time dateTime={m.sentAt}>{t('moment', { at: m.sent })}</time> : '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
			<Pager page={page} pages={pages} />
		</>
	)
}
