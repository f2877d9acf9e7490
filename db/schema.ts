/**
 * The database schema. Every tenant table carries `org_id` and leads every primary key,
 * unique constraint and foreign key with it, so the schema can be distributed by
 * organisation (Citus) without changes. The two exceptions are documented where they stand.
 */
import { sql } from 'drizzle-orm'
import {
	boolean,
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid,
} from 'drizzle-orm/pg-core'

import { levels, roles } from './enums'

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

/** The tenant root: its own id is the organisation id every other table carries. */
export const organizations = pgTable(
	'organizations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull().unique(),
		name: text('name').notNull(),
		timeZone: text('time_zone').notNull().default('UTC'),
		anonymityK: integer('anonymity_k').notNull().default(5),
		createdAt: createdAt(),
	},
	(t) => [
		check('organizations_anonymity_k_min', sql`${t.anonymityK} >= 3`),
		check('organizations_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
	],
)

export const teams = pgTable(
	'teams',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		parentId: uuid('parent_id'),
		name: text('name').notNull(),
		/** Names from the root joined by '/', e.g. `Marketing/Social`; kept in step by the org module. */
		path: text('path').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		unique('teams_org_path').on(t.orgId, t.path),
		foreignKey({
			name: 'teams_parent_fk',
			columns: [t.orgId, t.parentId],
			foreignColumns: [t.orgId, t.id],
		}).onDelete('restrict'),
		check('teams_name_no_slash', sql`position('/' in ${t.name}) = 0 and length(trim(${t.name})) > 0`),
	],
)

export { type Level, levels, type Role, roles } from './enums'
export const roleEnum = pgEnum('role', roles)
export const levelEnum = pgEnum('level', levels)

export const users = pgTable(
	'users',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		/** Stored lower-cased; unique within the organisation. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: roleEnum('role').notNull().default('employee'),
		level: levelEnum('level').notNull().default('frontline'),
		teamId: uuid('team_id'),
		managerId: uuid('manager_id'),
		/** argon2id PHC string; null until the person sets a password from their invitation. */
		passwordHash: text('password_hash'),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		unique('users_org_email').on(t.orgId, t.email),
		index('users_email_idx').on(t.email),
		foreignKey({
			name: 'users_team_fk',
			columns: [t.orgId, t.teamId],
			foreignColumns: [teams.orgId, teams.id],
		}).onDelete('restrict'),
		foreignKey({
			name: 'users_manager_fk',
			columns: [t.orgId, t.managerId],
			foreignColumns: [t.orgId, t.id],
		}).onDelete('set null'),
		check('users_email_lower', sql`${t.email} = lower(${t.email})`),
	],
)

/**
 * Sessions as the Lucia guide designs them: the cookie holds `<id>.<secret>`, the table
 * holds the id and only the SHA-256 of the secret.
 */
export const sessions = pgTable(
	'sessions',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		userId: uuid('user_id').notNull(),
		secretHash: text('secret_hash').notNull(),
		createdAt: createdAt(),
		lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('sessions_id_idx').on(t.id),
		index('sessions_user_idx').on(t.orgId, t.userId),
		foreignKey({
			name: 'sessions_user_fk',
			columns: [t.orgId, t.userId],
			foreignColumns: [users.orgId, users.id],
		}).onDelete('cascade'),
	],
)

/** One-time links to set a password (invitation) or reset it; token shaped like a session's. */
export const passwordTokens = pgTable(
	'password_tokens',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		userId: uuid('user_id').notNull(),
		secretHash: text('secret_hash').notNull(),
		purpose: text('purpose', { enum: ['invitation', 'reset'] }).notNull(),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('password_tokens_id_idx').on(t.id),
		foreignKey({
			name: 'password_tokens_user_fk',
			columns: [t.orgId, t.userId],
			foreignColumns: [users.orgId, users.id],
		}).onDelete('cascade'),
	],
)

export const mailStatuses = ['queued', 'sent', 'failed'] as const

/**
 * A transactional outbox: a message is queued in the same transaction as the change that
 * causes it and delivered by the mail worker. Secrets (link tokens) are minted at delivery
 * and never stored here; the body is not kept in the database.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		kind: text('kind', { enum: ['invitation', 'password_reset'] }).notNull(),
		toEmail: text('to_email').notNull(),
		userId: uuid('user_id'),
		subject: text('subject'),
		status: text('status', { enum: mailStatuses }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		/** Where the file transport wrote the message (no SMTP_URL); null when sent by SMTP. */
		fileName: text('file_name'),
		payload: jsonb('payload').$type<Record<string, string>>().notNull().default({}),
		createdAt: createdAt(),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
		foreignKey({
			name: 'mail_outbox_user_fk',
			columns: [t.orgId, t.userId],
			foreignColumns: [users.orgId, users.id],
		}).onDelete('cascade'),
	],
)

/**
 * Failed sign-in counters, keyed by e-mail or client address. Not a tenant table: it is
 * consulted before anyone (or any organisation) is known. In a distributed setup it stays a
 * local table on the coordinator.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
	blockedUntil: timestamp('blocked_until', { withTimezone: true }),
})

export type Organization = typeof organizations.$inferSelect
export type Team = typeof teams.$inferSelect
export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type MailMessage = typeof mailOutbox.$inferSelect
