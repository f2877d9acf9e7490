import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'

import { KEY_PREFIX, MAX_KEY_NAME } from '~/api/api-key-format'
import { createApiKey, listApiKeys, revokeApiKey } from '~/api/api-keys.server'
import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import type { FieldErrors } from '~/utils/result'
import { apiScopes, SCOPE_LABELS } from '~db/enums'

export const meta: MetaFunction = () => [{ title: 'API keys · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const keys = await listApiKeys(org.id)
	return {
		timeZone: org.timeZone,
		now: new Date().toISOString(),
		keys: keys.map((k) => ({
			...k,
			createdAt: k.createdAt.toISOString(),
			expiresAt: k.expiresAt?.toISOString() ?? null,
			lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
			revokedAt: k.revokedAt?.toISOString() ?? null,
		})),
	}
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('create'), name: z.string(), scopes: z.array(z.string()), expiresOn: z.string().optional() }),
	z.object({ intent: z.literal('revoke'), keyId: z.string() }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = await request.formData()
	// `scopes` is a group of checkboxes: every checked value, not just the last.
	const parsed = intentSchema.safeParse({ ...Object.fromEntries(form), scopes: form.getAll('scopes') })
	if (!parsed.success) return data({ intent: 'unknown', errors: { _form: 'That request was not understood.' } as FieldErrors, created: null, done: null }, { status: 400 })
	if (parsed.data.intent === 'create') {
		const result = await createApiKey(org.id, parsed.data.name, { scopes: parsed.data.scopes, expiresOn: parsed.data.expiresOn ?? null, actor: userActor(user, context) })
		if (!result.ok) return data({ intent: 'create', errors: result.errors, created: null, done: null }, { status: 400 })
		const { expiresAt, ...created } = result.value
		return { intent: 'create', errors: {} as FieldErrors, created: { ...created, expiresAt: expiresAt?.toISOString() ?? null }, done: null }
	}
	const result = await revokeApiKey(org.id, parsed.data.keyId, userActor(user, context))
	if (!result.ok) return data({ intent: 'revoke', errors: result.errors, created: null, done: null }, { status: 404 })
	return { intent: 'revoke', errors: {} as FieldErrors, created: null, done: 'Key revoked. Requests with it now answer 401.' }
}

function when(iso: string | null, timeZone: string) {
	if (!iso) return '—'
	return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
}

export default function ApiKeys() {
	const { keys, timeZone, now } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	return (
		<>
			<PageHead title="API keys">
				Keys let your systems send response-time events and read the weekly figures or the culture report — each only what its scopes allow. See{' '}
				<Link to="/docs/api">the API documentation</Link> for the calls, or <Link to="/admin/metrics/import">upload a CSV</Link> instead.
			</PageHead>
			{result?.created ? (
				<Notice>
					<strong>Key "{result.created.name}" created.</strong> Copy it now: it is shown only this once and cannot be recovered.
					<pre className="mail-body" aria-label="New API key">
						{result.created.key}
					</pre>
				</Notice>
			) : null}
			<Notice>{result?.done}</Notice>
			{result?.intent !== 'create' ? <FormError error={errors._form} /> : null}
			<div className="card">
				<h2>Create a key</h2>
				<Form method="post" className="form-row" noValidate>
					<Field label="Name" name="name" required maxLength={MAX_KEY_NAME} placeholder="e.g. Zendesk export" error={result?.intent === 'create' ? errors.name : undefined} />
					<fieldset
						className={`field${result?.intent === 'create' && errors.scopes ? ' has-error' : ''}`}
						aria-describedby={result?.intent === 'create' && errors.scopes ? 'scopes-error' : undefined}
					>
						<legend>
							What it may do
							<span className="required" aria-hidden="true">
								{' '}
								*
							</span>
						</legend>
						{apiScopes.map((scope) => (
							<label key={scope} className="checkbox">
								<input type="checkbox" name="scopes" value={scope} /> <code>{scope}</code>: {SCOPE_LABELS[scope]}
							</label>
						))}
						{result?.intent === 'create' && errors.scopes ? (
							<p className="field-error" id="scopes-error">
								{errors.scopes}
							</p>
						) : null}
					</fieldset>
					<Field
						label="Last day it works"
						name="expiresOn"
						type="date"
						hint={`Optional, in ${timeZone}. Empty: no expiry.`}
						error={result?.intent === 'create' ? errors.expiresOn : undefined}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText="Creating…">
							Create key
						</SubmitButton>
					</div>
				</Form>
			</div>
			{keys.length === 0 ? (
				<EmptyState title="No API keys yet">Create one above to send events from your help desk or approval tool.</EmptyState>
			) : (
				<TableScroll label="API keys" className="card" style={{ padding: 0 }}>
					<table>
						<caption className="sr-only">API keys</caption>
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col">Key starts with</th>
								<th scope="col">Scopes</th>
								<th scope="col">Expires</th>
								<th scope="col">Created</th>
								<th scope="col">Last used</th>
								<th scope="col">State</th>
								<th scope="col">
									<span className="sr-only">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{keys.map((k) => (
								<tr key={k.id}>
									<td>{k.name}</td>
									<td>
										<code>
											{KEY_PREFIX}
											{k.id.slice(0, 8)}…
										</code>
									</td>
									<td>
										{k.scopes.map((s) => (
											<code key={s} style={{ display: 'block' }}>
												{s}
											</code>
										))}
									</td>
									<td>{k.expiresAt ? when(k.expiresAt, timeZone) : 'never'}</td>
									<td>{when(k.createdAt, timeZone)}</td>
									<td>{k.lastUsedAt ? when(k.lastUsedAt, timeZone) : 'never'}</td>
									<td>
										{k.revokedAt ? (
											<span className="badge badge-danger">revoked {when(k.revokedAt, timeZone)}</span>
										) : k.expiresAt && k.expiresAt <= now ? (
											<span className="badge badge-danger">expired</span>
										) : (
											<span className="badge badge-ok">active</span>
										)}
									</td>
									<td>
										{k.revokedAt ? null : (
											<Form
												method="post"
												onSubmit={(e) => {
													if (!confirm(`Revoke the key "${k.name}"? Systems using it stop working at once.`)) e.preventDefault()
												}}
											>
												<input type="hidden" name="keyId" value={k.id} />
												<button type="submit" name="intent" value="revoke" className="button button-danger button-small" aria-label={`Revoke ${k.name}`}>
													Revoke
												</button>
											</Form>
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
