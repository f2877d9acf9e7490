import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Notice, SubmitButton } from '~/components/forms'
import { ImportProblems } from '~/components/import-problems'
import { BackLink } from '~/components/page'
import { PEOPLE_COLUMNS } from '~/org/people-columns'
import type { CsvProblem } from '~/org/people-csv'
import { importPeopleCsv } from '~/org/people-import.server'
import { teamLabel } from '~/org/team-path'
import { countOf } from '~/utils/plural'
import { decodeUtf8File, NOT_UTF8_MESSAGE } from '~/utils/utf8-file'

export const meta: MetaFunction = () => [{ title: 'Import people · State of Now' }]

const MAX_BYTES = 10 * 1024 * 1024
const SHOWN_PROBLEMS = 100

const problem = (message: string): CsvProblem[] => [{ line: 0, message }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAdmin(request)
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	if (declared > MAX_BYTES + 64 * 1024)
		return data({ ok: false as const, problems: problem('The file is larger than 10 MB. Split it into several files.'), more: 0, newTeams: null }, { status: 413 })
	const form = await request.formData()
	const file = form.get('file')
	if (!(file instanceof File) || file.size === 0) return data({ ok: false as const, problems: problem('Choose a CSV file to import.'), more: 0, newTeams: null }, { status: 400 })
	if (file.size > MAX_BYTES)
		return data({ ok: false as const, problems: problem('The file is larger than 10 MB. Split it into several files.'), more: 0, newTeams: null }, { status: 413 })
	const decoded = decodeUtf8File(new Uint8Array(await file.arrayBuffer()))
	if (!decoded.ok) {
		const problems = decoded.lines.map((line) => ({ line, message: NOT_UTF8_MESSAGE }))
		return data({ ok: false as const, problems: problems.slice(0, SHOWN_PROBLEMS), more: Math.max(0, problems.length - SHOWN_PROBLEMS), newTeams: null }, { status: 422 })
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
		return data(
			{ ok: false as const, problems: outcome.problems.slice(0, SHOWN_PROBLEMS), more: Math.max(0, outcome.problems.length - SHOWN_PROBLEMS), newTeams: null },
			{ status: 422 },
		)
	}
	return { ok: true as const, summary: outcome.summary }
}

const EXAMPLE = `${PEOPLE_COLUMNS.join(',')}
ana@example.com,Ana Silva,Marketing/Social,manager,manager,
ben@example.com,Ben Okoro,Marketing/Social,employee,frontline,ana@example.com
cleo@example.com,Cleo Park,Customer Care/Phone,employee,frontline,`

export default function ImportPeople() {
	const result = useActionData<typeof action>()
	return (
		<>
			<BackLink to="/admin/people">People</BackLink>
			<h1>Import people from CSV</h1>
			<p className="muted">
				All or nothing: if any line has a problem, nothing is imported and every problem is listed with its line number. People are matched by e-mail, so importing the same file
				again changes nothing.
			</p>
			{result?.ok ? (
				<Notice>
					<strong>Import complete.</strong>
					<ul>
						<li>{result.summary.created} added</li>
						<li>{result.summary.updated} updated</li>
						<li>{result.summary.unchanged} already up to date</li>
						<li>{countOf(result.summary.teamsCreated, 'new team', 'new teams')}</li>
						<li>
							{countOf(result.summary.invited, 'invitation', 'invitations')} queued (see the <Link to="/admin/outbox">outbox</Link>)
						</li>
					</ul>
				</Notice>
			) : null}
			{result && !result.ok && result.problems.length ? <ImportProblems problems={result.problems} more={result.more} /> : null}
			<div className="card">
				<Form method="post" encType="multipart/form-data">
					{result && !result.ok && result.newTeams ? <ConfirmNewTeams teams={result.newTeams} /> : null}
					<div className="field">
						<label htmlFor="file">CSV file (UTF-8, at most 10 MB)</label>
						<input id="file" name="file" type="file" accept=".csv,text/csv" required />
					</div>
					<label className="checkbox">
						<input type="checkbox" name="invite" defaultChecked /> Send an invitation e-mail to each new person
					</label>
					<SubmitButton pendingText="Importing…">Import</SubmitButton>
				</Form>
			</div>
			<div className="card">
				<h2>The file</h2>
				<p>
					The first line names the columns: <code>{PEOPLE_COLUMNS.join(',')}</code>. <code>team</code> is a path written as the app shows it, <code>Marketing › Social</code> or{' '}
					<code>Marketing/Social</code> (any case or spacing; a team that does not exist yet is created once you confirm the list of new teams, unless it looks like one that
					exists). <code>role</code> is one of admin, executive, manager, employee (empty: employee); <code>level</code> one of front line, manager, leader (empty: front line).{' '}
					<code>manager_email</code> may be empty or name someone in the file or already in the organisation.
				</p>
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
	return (
		<div className="alert alert-info" role="alert">
			<strong>Nothing was imported yet.</strong> This file would create {countOf(teams.length, 'new team', 'new teams')}. Check them for typos: a misspelt team becomes a team of
			its own.
			<ul>
				{teams.map((t) => (
					<li key={t.path}>
						<strong>{teamLabel(t.path)}</strong> <span className="muted">({t.lines.length === 1 ? `line ${t.lines[0]}` : `lines ${shortList(t.lines)}`})</span>
					</li>
				))}
			</ul>
			<p className="small">If a team is misspelt, correct the file and choose it again. Otherwise:</p>
			<SubmitButton name="createTeams" value={teams.map((t) => t.path).join('\n')} pendingText="Importing…">
				{teams.length === 1 ? 'Import and create this team' : `Import and create these ${teams.length} teams`}
			</SubmitButton>
		</div>
	)
}

function shortList(lines: number[]) {
	return lines.length <= 6 ? lines.join(', ') : `${lines.slice(0, 5).join(', ')} and ${lines.length - 5} more`
}
