/**
 * The end of every single sign-on (OIDC and SAML): the throttle gives the attempt back, a session
 * of our own starts (sessions stay ours, as with a password) and the sign-in is audited with how
 * the person was recognised.
 */
import { recordAudit } from '~/audit/audit.server'
import { createSession } from '~/auth/sessions.server'
import { giveBackAttempt } from '~/auth/throttle.server'
import { db } from '~/utils/db.server'

export async function startSsoSession(
	orgId: string,
	person: { id: string; linked: boolean },
	// Codes, worded by the audit page in its reader's language (admin:auditDetail.values.method, .linked).
	how: {
		method: 'oidc' | 'saml'
		linkedBy: 'linkedByVerifiedEmail' | 'linkedByEmail'
		matchedBy: 'bySubject' | 'byNameId'
		throttleKey: string | undefined
		clientAddress: string | null
		now: Date
	},
): Promise<string> {
	if (how.throttleKey) await giveBackAttempt(how.throttleKey)
	const { token } = await createSession(orgId, person.id, how.now)
	await recordAudit(db(), orgId, {
		actor: { userId: person.id, label: 'self', ip: how.clientAddress },
		action: 'sign_in.success',
		targetUserId: person.id,
		detail: { method: how.method, linked: person.linked ? how.linkedBy : how.matchedBy },
	})
	return token
}
