/**
 * The first step of single sign-on from a work e-mail: the organisation its domain leads to, and
 * a sign-in started with that organisation's provider, whichever protocol it speaks.
 */
import { startSsoSignIn } from './oidc.server'
import { startSamlSignIn } from './saml.server'
import { enabledProvider, organisationForEmail } from './sso-config.server'
import { commitSamlBrowser, commitSsoState } from './sso-cookie.server'

export type SignInStart = { ok: true; url: string; setCookie: string } | { ok: false; reason: 'off' | 'provider' }

export async function startSignInFor(email: string, redirectTo: string): Promise<SignInStart> {
	const orgId = await organisationForEmail(email)
	const provider = orgId ? await enabledProvider(orgId) : null
	if (!orgId || !provider) return { ok: false, reason: 'off' }
	if (provider.protocol === 'saml') {
		const started = await startSamlSignIn(orgId, redirectTo)
		return started.ok ? { ok: true, url: started.url, setCookie: await commitSamlBrowser(started.browserValue) } : started
	}
	const started = await startSsoSignIn(orgId, redirectTo)
	return started.ok ? { ok: true, url: started.url, setCookie: await commitSsoState(started.state) } : started
}
