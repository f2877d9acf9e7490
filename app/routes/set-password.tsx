import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { commitSessionToken } from '~/auth/cookie.server'
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '~/auth/password.server'
import { findPasswordLink, usePasswordLink } from '~/auth/password-links.server'
import { createSession } from '~/auth/sessions.server'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Set your password · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const token = new URL(request.url).searchParams.get('token')
	const link = await orUnavailable(() => findPasswordLink(token))
	if (!link) return data({ valid: false as const, token: '', name: '', email: '', purpose: null, minLength: MIN_PASSWORD_LENGTH, hint: PASSWORD_HINT }, { status: 410 })
	// The rule travels in the data: a *.server module's constants do not reach the browser bundle.
	return { valid: true as const, token: token!, name: link.user.name, email: link.user.email, purpose: link.link.purpose, minLength: MIN_PASSWORD_LENGTH, hint: PASSWORD_HINT }
}

export async function action({ request }: ActionFunctionArgs) {
	const form = await request.formData()
	const token = String(form.get('token') ?? '')
	const result = await orUnavailable(() => usePasswordLink(token, String(form.get('password') ?? ''), String(form.get('confirm') ?? '')))
	if (!result.ok) return data({ errors: result.errors }, { status: 400 })
	const { token: sessionToken } = await createSession(result.value.orgId, result.value.userId)
	throw redirect('/home', { headers: { 'Set-Cookie': await commitSessionToken(sessionToken) } })
}

export default function SetPassword() {
	const link = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors: Record<string, string | undefined> = actionData?.errors ?? {}
	if (!link.valid) {
		return (
			<div className="page-narrow">
				<div className="card">
					<h1>This link no longer works</h1>
					<p>It has expired or has already been used. Ask your admin to send a new invitation, or request a new link.</p>
					<p>
						<Link to="/forgot-password">Send me a new link</Link> · <Link to="/login">Sign in</Link>
					</p>
				</div>
			</div>
		)
	}
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{link.purpose === 'invitation' ? `Welcome, ${link.name}` : 'Choose a new password'}</h1>
				<p className="muted">
					Set a password for <strong>{link.email}</strong>. You will be signed in straight away.
				</p>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<input type="hidden" name="token" value={link.token} />
					<input type="hidden" name="username" value={link.email} autoComplete="username" />
					<Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={link.minLength} hint={link.hint} error={errors.password} />
					<Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" required />
					<SubmitButton pendingText="Saving…">Set password and sign in</SubmitButton>
				</Form>
			</div>
		</div>
	)
}
