import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Notice, SubmitButton } from '~/components/forms'
import { ImportProblems } from '~/components/import-problems'
import { BackLink } from '~/components/page'
import { localizeCsvProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { PEOPLE_COLUMNS } from '~/org/people-columns'
import type { CsvProblem } from '~/org/people-csv'
import { importPeopleCsv } from '~/org/people-import.server'
import { teamLabel } from '~/org/team-path'
import { decodeUtf8File, NOT_UTF8_MESSAGE } from '~/utils/utf8-file'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('import.title')) }]

const MAX_BYTES = 10 * 1024 * 1024
const SHOWN_PROBLEMS = 100

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAdmin(request)
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	const problem = (message: string): CsvProblem[] => [{ line: 0, message }]
	const shown = (problems: CsvProblem[]) => localizeCsvProblems(locale, problems.slice(0, SHOWN_PROBLEMS))
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	if (declared > MAX_BYTES + 64 * 1024) return data({ ok: false as const, problems: problem(t('import.tooLarge')), more: 0, newTeams: null }, { status: 413 })
	const form = await request.formData()
	const file = form.get('file')
	if (!(file instanceof File) || file.size === 0) return data({ ok: false as const, problems: problem(t('import.chooseFile')), more: 0, newTeams: null }, { status: 400 })
	if (file.size > MAX_BYTES) return data({ ok: false as const, problems: problem(t('import.tooLarge')), more: 0, newTeams: null }, { status: 413 })
	const decoded = decodeUtf8File(new Uint8Array(await file.arrayBuffer()))
	if (!decoded.ok) {
		const problems = decoded.lines.map((line) => ({ line, message: NOT_UTF8_MESSAGE }))
		return data({ ok: false as const, problems: shown(problems), more: Math.max(0, problems.length - SHOWN_PROBLEMS), newTeams: null }, { status: 422 })
	}
	const outcome = await importPeopleCsv(org.id, decoded.text, {
		sendInvitations: form.get('invite') === 'on',
		actor: userActor(user, context),
		// Only the teams the person was shown and confirmed, sent by the confirming button alone (the
		// plain Import button sends none, so a changed file asks again); none on a first upload.
		createTeams: String(form.get('createTeams') ?? '')
			.split(/\r?\n/) // a form sends a line break as CRLF
			.filter(Boolean),
	})
	if (!outcome.ok && outcome.newTeams) return data({ ok: false as const, problems: [], more: 0, newTeams: outcome.newTeams }, { status: 409 })
	if (!outcome.ok) {
		return data({ ok: false as const, problems: shown(outcome.problems), more: Math.max(0, outcome.problems.length - SHOWN_PROBLEMS), newTeams: null }, { status: 422 })
	}
	return { ok: true as const, summary: outcome.summary }
}

const EXAMPLE = `${PEOPLE_COLUMNS.join(',')}
ana@example.com,Ana Silva,Marketing/Social,manager,manager,
ben@example.com,Ben Okoro,Marketing/Social,employee,frontline,ana@example.com
cleo@example.com,Cleo Park,Customer Care/Phone,employee,frontline,`

export default function ImportPeople() {
	const result = useActionData<typeof action>()
	const { t } = useTranslation('admin')
	const code = <code />
	return (
		<>
			<BackLink to="/admin/people">{t('people.title')}</BackLink>
			<h1>{t('import.heading')}</h1>
			<p className="muted">{t('import.intro')}</p>
			{result?.ok ? (
				<Notice>
					<strong>{t('import.complete')}</strong>
					<ul>
						<li>{t('import.added', { count: result.summary.created })}</li>
						<li>{t('import.updated', { count: result.summary.updated })}</li>
						<li>{t('import.unchanged', { count: result.summary.unchanged })}</li>
						<li>{t('import.teamsCreated', { count: result.summary.teamsCreated })}</li>
						<li>
							<Trans t={t} i18nKey="import.invited" count={result.summary.invited} components={{ outbox: <Link to="/admin/outbox" /> }} />
						</li>
					</ul>
				</Notice>
			) : null}
			{result && !result.ok && result.problems.length ? <ImportProblems problems={result.problems} more={result.more} /> : null}
			<div className="card">
				<Form method="post" encType="multipart/form-data">
					{result && !result.ok && result.newTeams ? <ConfirmNewTeams teams={result.newTeams} /> : null}
					<div className="field">
						<label htmlFor="file">{t('import.file')}</label>
						<input id="file" name="file" type="file" accept=".csv,text/csv" required />
					</div>
					<label className="checkbox">
						<input type="checkbox" name="invite" defaultChecked /> {t('import.invite')}
					</label>
					<SubmitButton pendingText={t('import.importing')}>{t('import.submit')}</SubmitButton>
				</Form>
			</div>
			<div className="card">
				<h2>{t('import.fileHeading')}</h2>
				<p>
					<Trans t={t} i18nKey="import.columns" values={{ columns: PEOPLE_COLUMNS.join(',') }} components={{ code }} />
				</p>
				<dl className="csv-columns">
					<dt>
						<code>email</code>
					</dt>
					<dd>{t('import.column.email')}</dd>
					<dt>
						<code>name</code>
					</dt>
					<dd>{t('import.column.name')}</dd>
					<dt>
						<code>team</code>
					</dt>
					<dd>
						<Trans t={t} i18nKey="import.column.team" components={{ code }} />
					</dd>
					<dt>
						<code>role</code>
					</dt>
					<dd>
						<Trans t={t} i18nKey="import.column.role" components={{ code }} />
					</dd>
					<dt>
						<code>level</code>
					</dt>
					<dd>
						<Trans t={t} i18nKey="import.column.level" components={{ code }} />
					</dd>
					<dt>
						<code>manager_email</code>
					</dt>
					<dd>{t('import.column.managerEmail')}</dd>
					<dt>
						<code>locale</code>
					</dt>
					<dd>
						<Trans t={t} i18nKey="import.column.locale" components={{ code }} />
					</dd>
				</dl>
				<p>{t('import.example')}</p>
				<pre className="mail-body">{EXAMPLE}</pre>
			</div>
		</>
	)
}

/**
 * Nothing is imported yet: the file names teams that do not exist. A typo ("Custmer Care") would
 * silently become a team, so the person sees each new team with its lines and confirms the list;
 * the confirming button submits the same form, with the same file, and these teams.
 */
function ConfirmNewTeams({ teams }: { teams: { path: string; lines: number[] }[] }) {
	const { t } = useTranslation('admin')
	return (
		<div className="alert alert-info" role="alert">
			<strong>{t('import.notYet')}</strong> {t('import.wouldCreate', { count: teams.length })}
			<ul>
				{teams.map((team) => (
					<li key={team.path}>
						<strong>{teamLabel(team.path)}</strong>{' '}
						<span className="muted">
							(<LineList lines={team.lines} />)
						</span>
					</li>
				))}
			</ul>
			<p className="small">{t('import.ifMisspelt')}</p>
			<SubmitButton name="createTeams" value={teams.map((team) => team.path).join('\n')} pendingText={t('import.importing')}>
				{t('import.createTeams', { count: teams.length })}
			</SubmitButton>
		</div>
	)
}

function LineList({ lines }: { lines: number[] }) {
	const { t } = useTranslation('admin')
	if (lines.length === 1) return <>{t('import.line', { line: lines[0] })}</>
	if (lines.length <= 6) return <>{t('import.lines', { lines: lines.join(', ') })}</>
	return <>{t('import.linesAndMore', { lines: lines.slice(0, 5).join(', '), count: lines.length - 5 })}</>
}
