/**
 * SCIM 2.0 Users for one organisation: the people its identity provider provisions. `userName`
 * is the person's e-mail; `id` our person id. People are created as employees (a provider never
 * makes an admin, nor changes anyone's role); `active: false` and DELETE are the app's own
 * deactivation (sessions end, open pulse links die, the person leaves open waves). Every write is
 * checked whole before anything is stored, and audited. Ids of other organisations answer 404.
 */
import { and, asc, count, eq, type SQL } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { isLocale, type Locale } from '~/i18n/locales'
import { enqueueMail } from '~/mail/outbox.server'
import { getPerson, isLastActiveAdmin, LAST_ADMIN_MESSAGE, setPersonActive, updatePerson } from '~/org/people.server'
import { emailSchema, personNameSchema } from '~/org/person-schema'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isUuid } from '~/utils/http'
import { isUniqueViolation } from '~/utils/pg-errors'
import { users } from '~db/schema'

import { notFound, parsePaging, parseScimFilter, SCIM, type ScimAnswer, scimBoolean, scimError } from './scim-protocol'
import { enabledProvider } from './sso-config.server'

type UserRow = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'active' | 'scimExternalId' | 'locale' | 'managerId' | 'createdAt' | 'updatedAt'>

const columns = {
	id: users.id,
	email: users.email,
	name: users.name,
	active: users.active,
	scimExternalId: users.scimExternalId,
	locale: users.locale,
	managerId: users.managerId,
	createdAt: users.createdAt,
	updatedAt: users.updatedAt,
}

/** Our one name field, split for providers that require given and family names (Okta). */
function splitName(name: string) {
	const [givenName, ...rest] = name.trim().split(/\s+/)
	return { formatted: name, givenName: givenName ?? name, familyName: rest.join(' ') }
}

export function toScimUser(row: UserRow) {
	return {
		schemas: row.managerId ? [SCIM.user, SCIM.enterpriseUser] : [SCIM.user],
		id: row.id,
		...(row.scimExternalId ? { externalId: row.scimExternalId } : {}),
		userName: row.email,
		name: splitName(row.name),
		displayName: row.name,
		emails: [{ value: row.email, type: 'work', primary: true }],
		active: row.active,
		// The enterprise extension's manager: whom the person reports to, by their SCIM id (ours).
		...(row.managerId ? { [SCIM.enterpriseUser]: { manager: { value: row.managerId, $ref: `${env().APP_URL}/scim/v2/Users/${row.managerId}` } } } : {}),
		meta: {
			resourceType: 'User',
			created: row.createdAt.toISOString(),
			lastModified: row.updatedAt.toISOString(),
			location: `${env().APP_URL}/scim/v2/Users/${row.id}`,
		},
	}
}

async function findUser(orgId: string, id: string) {
	if (!isUuid(id)) return null
	const [row] = await db()
		.select(columns)
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.id, id)))
		.limit(1)
	return row ?? null
}

export async function listScimUsers(orgId: string, params: URLSearchParams): Promise<ScimAnswer> {
	const { startIndex, count: pageSize } = parsePaging(params)
	const filterText = params.get('filter')
	let where: SQL | undefined = eq(users.orgId, orgId)
	if (filterText) {
		const filter = parseScimFilter(filterText)
		if (!filter) return scimError(400, 'Only `userName eq "…"`, `externalId eq "…"` and `emails eq "…"` filters are supported.', 'invalidFilter')
		const condition = filter.attribute === 'externalId' ? eq(users.scimExternalId, filter.value) : eq(users.email, filter.value.trim().toLowerCase())
		where = and(where, condition)
	}
	const [total] = await db().select({ n: count() }).from(users).where(where)
	const rows = pageSize
		? await db()
				.select(columns)
				.from(users)
				.where(where)
				.orderBy(asc(users.createdAt), asc(users.id))
				.offset(startIndex - 1)
				.limit(pageSize)
		: []
	return {
		status: 200,
		body: { schemas: [SCIM.list], totalResults: total?.n ?? 0, startIndex, itemsPerPage: rows.length, Resources: rows.map(toScimUser) },
	}
}

export async function getScimUser(orgId: string, id: string): Promise<ScimAnswer> {
	const row = await findUser(orgId, id)
	return row ? { status: 200, body: toScimUser(row) } : notFound()
}

/** The attributes we keep, as a provider sends them; anything else it sends is ignored. */
interface Wanted {
	email?: string
	name?: string
	givenName?: string
	familyName?: string
	externalId?: string | null
	active?: boolean
	/** From `preferredLanguage` (or `locale`): one of the app's languages, or undefined (nothing sent, or none the app speaks). */
	locale?: Locale
	/** The enterprise extension's `manager.value`: a person's id; null removes the manager; undefined leaves it. */
	managerId?: string | null
}

/**
 * A manager as providers send it: `{"value": "<id>"}` (RFC 7643 §4.3), or the id alone (Entra's
 * PATCH of `…:enterprise:2.0:User:manager`); an empty value removes it. Undefined: not a manager.
 */
function managerFrom(value: unknown): string | null | undefined {
	const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { value?: unknown }).value : value
	if (id === null || id === undefined || id === '') return null
	return typeof id === 'string' ? id.trim() : undefined
}

/** The first language of a SCIM `preferredLanguage` ("de-CH", "fr;q=0.9, en") the app speaks. */
export function scimLocale(value: unknown): Locale | undefined {
	if (typeof value !== 'string') return undefined
	for (const tag of value.split(',')) {
		const language = tag.split(';')[0]!.trim().toLowerCase().split(/[-_]/)[0]
		if (isLocale(language)) return language
	}
	return undefined
}

const stringOrUndefined = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)

/** The work or primary e-mail of a SCIM `emails` list. */
function emailFrom(emails: unknown): string | undefined {
	if (!Array.isArray(emails)) return undefined
	const list = emails.filter(
		(e): e is { value: string; type?: string; primary?: unknown } => typeof e === 'object' && e !== null && typeof (e as { value?: unknown }).value === 'string',
	)
	const chosen = list.find((e) => scimBoolean(e.primary)) ?? list.find((e) => e.type === 'work') ?? list[0]
	return chosen?.value
}

/** Reads a whole User resource (POST, PUT); an error answer when it cannot be used. */
function wantedFromResource(body: unknown): Wanted | ScimAnswer {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return scimError(400, 'The body is a SCIM User object.', 'invalidSyntax')
	const b = body as Record<string, unknown>
	const name = (typeof b.name === 'object' && b.name !== null ? b.name : {}) as Record<string, unknown>
	const wanted: Wanted = {
		email: stringOrUndefined(b.userName),
		name: stringOrUndefined(b.displayName) ?? stringOrUndefined(name.formatted),
		givenName: stringOrUndefined(name.givenName),
		familyName: stringOrUndefined(name.familyName),
		externalId: stringOrUndefined(b.externalId) ?? null,
		locale: scimLocale(b.preferredLanguage) ?? scimLocale(b.locale),
	}
	const enterprise = b[SCIM.enterpriseUser]
	if (typeof enterprise === 'object' && enterprise !== null && 'manager' in enterprise) {
		const manager = managerFrom((enterprise as { manager?: unknown }).manager)
		if (manager === undefined) return scimError(400, 'manager: send {"value": "<the manager\'s id>"}.', 'invalidValue')
		wanted.managerId = manager
	}
	// userName may be a login name that is not an address (an Entra UPN on another domain): the
	// work e-mail decides then.
	if (!wanted.email || !emailSchema.safeParse(wanted.email).success) wanted.email = emailFrom(b.emails) ?? wanted.email
	if (b.active !== undefined) {
		const active = scimBoolean(b.active)
		if (active === undefined) return scimError(400, '`active` is true or false.', 'invalidValue')
		wanted.active = active
	}
	return wanted
}

const isAnswer = (v: unknown): v is ScimAnswer => typeof v === 'object' && v !== null && 'status' in v

/** The person's name from what was sent: a display name, or given and family names together. */
function nameOf(w: Wanted): string | undefined {
	if (w.name) return w.name
	if (w.givenName || w.familyName) return [w.givenName, w.familyName].filter(Boolean).join(' ')
	return undefined
}

const checked = z.object({ email: emailSchema, name: personNameSchema })

function validate(email: string | undefined, name: string | undefined): { email: string; name: string } | ScimAnswer {
	const parsed = checked.safeParse({ email, name })
	if (parsed.success) return parsed.data
	const issue = parsed.error.issues[0]!
	const field = issue.path[0] === 'email' ? 'userName' : 'name'
	return scimError(400, `${field}: ${issue.message}`, 'invalidValue')
}

export async function createScimUser(orgId: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const wanted = wantedFromResource(body)
	if (isAnswer(wanted)) return wanted
	const valid = validate(wanted.email, nameOf(wanted) ?? wanted.email)
	if (isAnswer(valid)) return valid
	const active = wanted.active ?? true
	// A new person manages no one yet, so a manager who exists in the organisation makes no loop.
	if (wanted.managerId && !(await isPersonOf(orgId, wanted.managerId))) return unknownManager()
	// With single sign-on on, people sign in through the provider and need no password e-mail.
	const invite = active && !(await enabledProvider(orgId))
	try {
		const created = await db().transaction(async (tx) => {
			const [row] = await tx
				.insert(users)
				.values({
					orgId,
					email: valid.email,
					name: valid.name,
					role: 'employee',
					level: 'frontline',
					active,
					scimExternalId: wanted.externalId ?? null,
					locale: wanted.locale ?? null,
					managerId: wanted.managerId ?? null,
				})
				.onConflictDoNothing()
				.returning(columns)
			if (!row) return null
			if (invite) await enqueueMail(tx, orgId, [{ kind: 'invitation', toEmail: row.email, userId: row.id, payload: {} }])
			await recordAudit(tx, orgId, { actor, action: 'scim.person_created', targetUserId: row.id })
			return row
		})
		if (!created) return scimError(409, 'A person with this userName already exists.', 'uniqueness')
		const resource = toScimUser(created)
		return { status: 201, body: resource, location: resource.meta.location }
	} catch (error) {
		if (isUniqueViolation(error)) return scimError(409, 'A person with this userName already exists.', 'uniqueness')
		throw error
	}
}

/** The message for a manager id that is no person of the organisation (perhaps not provisioned yet: the provider's next cycle sends it again). */
const unknownManager = () => scimError(400, 'manager: no person with this id in the organisation (provision the manager first).', 'invalidValue')

async function isPersonOf(orgId: string, id: string) {
	if (!isUuid(id)) return false
	const [row] = await db()
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.id, id)))
		.limit(1)
	return Boolean(row)
}

export async function replaceScimUser(orgId: string, id: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const current = await findUser(orgId, id)
	if (!current) return notFound()
	const wanted = wantedFromResource(body)
	if (isAnswer(wanted)) return wanted
	return applyChanges(orgId, current, wanted, actor)
}

const CORE_PREFIX = `${SCIM.user}:`.toLowerCase()
const ENTERPRISE = SCIM.enterpriseUser.toLowerCase()

/** One attribute of a PATCH (by its path, or a key of a path-less value) applied to `w`. */
function applyAttribute(w: Wanted, path: string, value: unknown, remove: boolean): ScimAnswer | null {
	let p = path.trim()
	if (p.toLowerCase().startsWith(CORE_PREFIX)) p = p.slice(CORE_PREFIX.length)
	const key = p.toLowerCase()
	if (key === 'active') {
		if (remove) return scimError(400, '`active` cannot be removed.', 'mutability')
		const active = scimBoolean(value)
		if (active === undefined) return scimError(400, '`active` is true or false.', 'invalidValue')
		w.active = active
	} else if (key === 'username') {
		if (remove) return scimError(400, '`userName` cannot be removed.', 'mutability')
		w.email = stringOrUndefined(value)
	} else if (key === 'displayname' || key === 'name.formatted') {
		if (!remove) w.name = stringOrUndefined(value)
	} else if (key === 'name.givenname') {
		if (!remove) w.givenName = stringOrUndefined(value)
	} else if (key === 'name.familyname') {
		if (!remove) w.familyName = stringOrUndefined(value)
	} else if (key === 'name' && typeof value === 'object' && value !== null && !remove) {
		const n = value as Record<string, unknown>
		w.name = stringOrUndefined(n.formatted) ?? w.name
		w.givenName = stringOrUndefined(n.givenName) ?? w.givenName
		w.familyName = stringOrUndefined(n.familyName) ?? w.familyName
	} else if (key === 'externalid') {
		w.externalId = remove ? null : (stringOrUndefined(value) ?? null)
	} else if (key === 'emails' || /^emails\[type eq "work"\]\.value$/i.test(p)) {
		if (!remove) w.email = key === 'emails' ? emailFrom(value) : stringOrUndefined(value)
	} else if (key === `${ENTERPRISE}:manager` || key === `${ENTERPRISE}:manager.value`) {
		const manager = remove ? null : managerFrom(value)
		if (manager === undefined) return scimError(400, 'manager: send the manager\'s id, or {"value": "<id>"}.', 'invalidValue')
		w.managerId = manager
	} else if (key === ENTERPRISE && typeof value === 'object' && value !== null && !remove && 'manager' in value) {
		// Okta's path-less replace carries the extension whole: {"urn:…:enterprise:2.0:User": {"manager": {"value": "…"}}}.
		return applyAttribute(w, `${SCIM.enterpriseUser}:manager`, (value as { manager?: unknown }).manager, false)
	}
	// Attributes we do not keep (title, phone numbers, the enterprise extension's department…) are
	// accepted and ignored, so a provider's full-profile push does not fail on them.
	return null
}

export async function patchScimUser(orgId: string, id: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const current = await findUser(orgId, id)
	if (!current) return notFound()
	const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
	if (!Array.isArray(b.schemas) || !b.schemas.includes(SCIM.patch) || !Array.isArray(b.Operations)) {
		return scimError(400, `A PATCH body is {"schemas": ["${SCIM.patch}"], "Operations": [ … ]}.`, 'invalidSyntax')
	}
	const wanted: Wanted = {}
	for (const raw of b.Operations as unknown[]) {
		const op = (typeof raw === 'object' && raw !== null ? raw : {}) as { op?: unknown; path?: unknown; value?: unknown }
		const kind = typeof op.op === 'string' ? op.op.toLowerCase() : ''
		if (!['add', 'replace', 'remove'].includes(kind)) return scimError(400, 'Each operation\'s "op" is add, replace or remove.', 'invalidSyntax')
		const remove = kind === 'remove'
		if (typeof op.path === 'string' && op.path.trim()) {
			const error = applyAttribute(wanted, op.path, op.value, remove)
			if (error) return error
		} else {
			// Okta and Entra send path-less replaces: {"op": "replace", "value": {"active": false}}.
			if (remove) return scimError(400, 'A remove operation needs a path.', 'noTarget')
			if (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value))
				return scimError(400, 'An operation without a path has an object as its value.', 'invalidValue')
			for (const [key, value] of Object.entries(op.value)) {
				const error = applyAttribute(wanted, key, value, false)
				if (error) return error
			}
		}
	}
	return applyChanges(orgId, current, wanted, actor)
}

/** Checks everything, then stores: the e-mail and name, the external id, and the active state. */
async function applyChanges(orgId: string, current: UserRow, wanted: Wanted, actor: AuditActor): Promise<ScimAnswer> {
	const email = wanted.email ?? current.email
	const name = nameOf(wanted) ?? current.name
	const valid = validate(email, name)
	if (isAnswer(valid)) return valid
	const externalId = wanted.externalId === undefined ? current.scimExternalId : wanted.externalId
	const active = wanted.active ?? current.active
	if (valid.email !== current.email) {
		const [clash] = await db()
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.email, valid.email)))
			.limit(1)
		if (clash && clash.id !== current.id) return scimError(409, 'Another person already has this userName.', 'uniqueness')
	}
	if (!active && current.active && (await isLastActiveAdmin(orgId, current.id))) return scimError(400, LAST_ADMIN_MESSAGE, 'mutability')

	const managerId = wanted.managerId === undefined ? current.managerId : wanted.managerId
	if (managerId && managerId !== current.managerId && !(await isPersonOf(orgId, managerId))) return unknownManager()

	const changed: string[] = []
	if (valid.email !== current.email || valid.name !== current.name || managerId !== current.managerId) {
		const person = await getPerson(orgId, current.id)
		if (!person) return notFound()
		// The people module's own update: a changed address ends sessions and voids password links;
		// a manager is checked there too (not themselves, no loop).
		const result = await updatePerson(orgId, current.id, { ...person, email: valid.email, name: valid.name, teamId: person.teamId ?? '', managerId: managerId ?? '' }, actor)
		if (!result.ok) {
			const [field, message = 'The change could not be stored.'] = Object.entries(result.errors)[0] ?? []
			return scimError(400, field === 'managerId' ? `manager: ${message}` : message, 'invalidValue')
		}
		if (valid.email !== current.email) changed.push('userName')
		if (valid.name !== current.name) changed.push('name')
		if (managerId !== current.managerId) changed.push('manager')
	}
	if (externalId !== current.scimExternalId) {
		await db()
			.update(users)
			.set({ scimExternalId: externalId, updatedAt: new Date() })
			.where(and(eq(users.orgId, orgId), eq(users.id, current.id)))
		changed.push('externalId')
	}
	// A language the provider names replaces the stored one; none named (or none the app speaks) keeps it.
	if (wanted.locale && wanted.locale !== current.locale) {
		await db()
			.update(users)
			.set({ locale: wanted.locale, updatedAt: new Date() })
			.where(and(eq(users.orgId, orgId), eq(users.id, current.id)))
		changed.push('preferredLanguage')
	}
	if (changed.length) await recordAudit(db(), orgId, { actor, action: 'scim.person_updated', targetUserId: current.id, detail: { changed } })
	if (active !== current.active) {
		const result = await setPersonActive(orgId, current.id, active, '', actor)
		if (!result.ok) return scimError(400, Object.values(result.errors)[0] ?? 'The change could not be stored.', 'mutability')
	}
	const after = await findUser(orgId, current.id)
	return after ? { status: 200, body: toScimUser(after) } : notFound()
}

/** DELETE deactivates: the person's history stays, they can no longer sign in or answer. */
export async function deleteScimUser(orgId: string, id: string, actor: AuditActor): Promise<ScimAnswer> {
	const current = await findUser(orgId, id)
	if (!current) return notFound()
	if (current.active) {
		if (await isLastActiveAdmin(orgId, current.id)) return scimError(400, LAST_ADMIN_MESSAGE, 'mutability')
		const result = await setPersonActive(orgId, current.id, false, '', actor)
		if (!result.ok) return scimError(400, Object.values(result.errors)[0] ?? 'The change could not be stored.', 'mutability')
	}
	return { status: 204 }
}
