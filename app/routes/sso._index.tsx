import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { z } from 'zod'

import { getCurrentUser, safeRedirect } from '~/auth/guard.server'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { startSsoSignIn } from '~/identity/oidc.server'
import { organisationForEmail } from '~/identity/sso-config.server'
import { commitSsoState } from '~/identity/sso-cookie.server'
import { fieldErrorsFrom } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Sign in with single sign-on · State of Now' }]

// A plain form post gets the whole page: the state cookie must ride on it too.
export const headers: HeadersFunction = ({ actionHeaders }) => {
	const headers = new Headers()
	const cookie = actionHeaders.get('Set-Cookie')
	if (cookie) headers.set('Set-Cookie', cookie)
	return headers
}

const schema = z.object({
	email: textSchema().trim().min(1, 'Enter your work e-mail address.').email('This is not a valid e-mail address.'),
	redirectTo: z.string().optional(),
})

// The same words whether no organisation uses the domain or its sign-in is off: an anonymous
// visitor learns nothing about which organisations exist.
const NOT_SET_UP = 'Single sign-on is not available for this address. Sign in with your password, or ask your admin.'

export async function loader({ request }: LoaderFunctionArgs) {
	if (await getCurrentUser(request)) throw redirect('/home')
	return null
}

export async function action({ request }: ActionFunctionArgs) {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ errors: fieldErrorsFrom(parsed.error.issues), continueTo: null }, { status: 400 })
	const started = await orUnavailable(async () => {
		const orgId = await organisationForEmail(parsed.data.email)
		return orgId ? startSsoSignIn(orgId, safeRedirect(parsed.data.redirectTo, '/home')) : ({ ok: false, reason: 'off' } as const)
	})
	if (!started.ok) {
		const message = started.reason === 'provider' ? 'Your organisation’s sign-in service did not answer. Try again in a moment, or ask your admin.' : NOT_SET_UP
		return data({ errors: { _form: message }, continueTo: null }, { status: started.reason === 'provider' ? 502 : 400 })
	}
	// Not a redirect: the page's form-action policy would stop a form post redirected to another
	// site. The page moves on by itself, and shows a link without JavaScript.
	return data({ errors: {}, continueTo: started.url }, { headers: { 'Set-Cookie': await commitSsoState(started.state) } })
}

export default function SsoSignIn() {
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors: Record<string, string | undefined> = actionData?.errors ?? {}
	const continueTo = actionData?.continueTo
	useEffect(() => {
		if (continueTo) window.location.assign(continueTo)
	}, [continueTo])
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>Sign in with single sign-on</h1>
				{continueTo ? (
					<p>
						<a href={continueTo}>Continue to your organisation’s sign-in</a>
					</p>
				) : (
					<Form method="post" noValidate>
						<FormError error={errors._form} />
						<input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
						<Field label="Work e-mail" name="email" type="email" autoComplete="username" required autoFocus error={errors.email} />
						<SubmitButton pendingText="Finding your sign-in…">Continue</SubmitButton>
					</Form>
				)}
				<p className="small" style={{ marginTop: '1rem' }}>
					<Link to="/login">Sign in with a password instead</Link>
				</p>
			</div>
		</div>
	)
}
