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
import { countOf } from '~/utils/plural'

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
		return data({ ok: false as const, problems: problem('The file is larger than 10 MB. Split it into several files.'), more: 0 }, { status: 413 })
	const form = await request.formData()
	const file = form.get('file')
	if (!(file instanceof File) || file.size === 0) return data({ ok: false as const, problems: problem('Choose a CSV file to import.'), more: 0 }, { status: 400 })
	if (file.size > MAX_BYTES) return data({ ok: false as const, problems: problem('The file is larger than 10 MB. Split it into several files.'), more: 0 }, { status: 413 })
	const outcome = await importPeopleCsv(org.id, await file.text(), { sendInvitations: form.get('invite') === 'on', actor: userActor(user, context) })
	if (!outcome.ok) {
		return data({ ok: false as const, problems: outcome.problems.slice(0, SHOWN_PROBLEMS), more: Math.max(0, outcome.problems.length - SHOWN_PROBLEMS) }, { status: 422 })
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
			{result && !result.ok ? <ImportProblems problems={result.problems} more={result.more} /> : null}
			<div className="card">
				<Form method="post" encType="multipart/form-data">
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
					The first line names the columns: <code>{PEOPLE_COLUMNS.join(',')}</code>. <code>team</code> is a path such as <code>Marketing/Social</code> (missing teams are created).{' '}
					<code>role</code> is one of admin, executive, manager, employee (empty: employee); <code>level</code> one of frontline, manager, leader (empty: frontline).{' '}
					<code>manager_email</code> may be empty or name someone in the file or already in the organisation.
				</p>
				<pre className="mail-body">{EXAMPLE}</pre>
			</div>
		</>
	)
}
