/**
 * The database schema. Every tenant table carries `org_id` and leads every primary key,
 * unique constraint and foreign key with it, so the schema can be distributed by
 * organisation (Citus) without changes. The two exceptions are documented where they stand.
 */
import { sql } from 'drizzle-orm'
import {
	boolean,
	check,
	date,
	doublePrecision,
	foreignKey,
	index,
	integer,
	json,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uniqueIndex,
	uuid,
} from 'drizzle-orm/pg-core'

import { ACTION_STATUSES, answerKinds, type ApiScope, dimensions, levels, roles, SHARE_MODES } from './enums'

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
		/** Retention (docs/operations.md): answers by their wave's opening time, metric events by start, audit events by time. */
		retainAnswersMonths: integer('retain_answers_months').notNull().default(36),
		retainEventsMonths: integer('retain_events_months').notNull().default(24),
		retainAuditMonths: integer('retain_audit_months').notNull().default(24),
		/** Where pulses, reminders and results reach people who have not chosen (`email`, `slack` or `teams`). */
		defaultChannel: text('default_channel', { enum: ['email', 'slack', 'teams'] })
			.notNull()
			.default('email'),
		/** The organisation's language: people who have not chosen theirs, and the fallback of its own items' translations. */
		locale: text('locale', { enum: ['en', 'de', 'fr', 'es', 'ja'] })
			.notNull()
			.default('en'),
		createdAt: createdAt(),
	},
	(t) => [
		check('organizations_locale_known', sql`${t.locale} in ('en', 'de', 'fr', 'es', 'ja')`),
		check('organizations_default_channel', sql`${t.defaultChannel} in ('email', 'slack', 'teams')`),
		check('organizations_retention', sql`${t.retainAnswersMonths} between 1 and 240 and ${t.retainEventsMonths} between 1 and 240 and ${t.retainAuditMonths} between 1 and 240`),
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
		/** The person's own choice of channel for pulses and results; null follows the organisation's default. */
		channel: text('channel', { enum: ['email', 'slack', 'teams'] }),
		/** The person's language (pages, mails, questions); null follows the organisation's. `en-XA` is the test pseudo-locale. */
		locale: text('locale', { enum: ['en', 'de', 'fr', 'es', 'ja', 'en-XA'] }),
		active: boolean('active').notNull().default(true),
		/** The identity provider's own id for the person, as SCIM sent it (`externalId`); null when not provisioned. */
		scimExternalId: text('scim_external_id'),
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
		// A plain key (migration 0031): erasure clears the reports' manager_id itself, since Citus
		// refuses ON DELETE SET NULL ("manager_id") and a plain SET NULL would null org_id too.
		foreignKey({
			name: 'users_manager_fk',
			columns: [t.orgId, t.managerId],
			foreignColumns: [t.orgId, t.id],
		}),
		check('users_email_lower', sql`${t.email} = lower(${t.email})`),
		check('users_locale_known', sql`${t.locale} is null or ${t.locale} in ('en', 'de', 'fr', 'es', 'ja', 'en-XA')`),
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

export const mailStatuses = ['queued', 'sent', 'failed', 'skipped'] as const

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
		/** A kind registered by its owner (app/notifications/kinds.server.ts); delivery refuses an unknown one. */
		kind: text('kind').notNull(),
		toEmail: text('to_email').notNull(),
		userId: uuid('user_id'),
		subject: text('subject'),
		status: text('status', { enum: mailStatuses }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		/** Where the file transport wrote the message (no SMTP_URL); null when sent by SMTP. */
		fileName: text('file_name'),
		/** The channel it went by (`email`, `slack`, `teams`), set when sent; the Outbox page shows it. */
		channel: text('channel', { enum: ['email', 'slack', 'teams'] }),
		payload: jsonb('payload').$type<Record<string, string>>().notNull().default({}),
		createdAt: createdAt(),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
		check('mail_outbox_channel_known', sql`${t.channel} is null or ${t.channel} in ('email', 'slack', 'teams')`),
		foreignKey({
			name: 'mail_outbox_user_fk',
			columns: [t.orgId, t.userId],
			foreignColumns: [users.orgId, users.id],
		}).onDelete('cascade'),
	],
)

/**
 * Categories of e-mail a person has turned off (settings page or a one-click unsubscribe link).
 * A row means "do not send"; categories that cannot be turned off are never written here.
 */
export const mailOptOuts = pgTable(
	'mail_opt_outs',
	{
		orgId: uuid('org_id').notNull(),
		userId: uuid('user_id').notNull(),
		category: text('category').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.userId, t.category] }),
		foreignKey({ name: 'mail_opt_outs_user_fk', columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
	],
)

/**
 * One-click unsubscribe links (RFC 8058), minted when a message is sent, like every other link:
 * the outbox keeps no body and no token. Stored as the SHA-256 of the secret; a link only ever
 * turns one category off for one person.
 */
export const mailUnsubscribeTokens = pgTable(
	'mail_unsubscribe_tokens',
	{
		orgId: uuid('org_id').notNull(),
		id: text('id').notNull(),
		userId: uuid('user_id').notNull(),
		category: text('category').notNull(),
		secretHash: text('secret_hash').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('mail_unsubscribe_tokens_id_idx').on(t.id),
		foreignKey({ name: 'mail_unsubscribe_tokens_user_fk', columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
	],
)

// ─── Pulse surveys ──────────────────────────────────────────────────────────────────────────

export { type AnswerKind, answerKinds, type Dimension, dimensions } from './enums'
export const dimensionEnum = pgEnum('dimension', dimensions)
export const answerKindEnum = pgEnum('answer_kind', answerKinds)

/** The question bank of an organisation: the built-in items (copied in, `key` set) and its own. */
export const items = pgTable(
	'items',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		/** Stable key of a built-in item (e.g. `autonomy.resolve`); null for an organisation's own. */
		key: text('key'),
		dimension: dimensionEnum('dimension').notNull(),
		kind: answerKindEnum('kind').notNull(),
		text: text('text').notNull(),
		reverse: boolean('reverse').notNull().default(false),
		/** An organisation's own item in other languages, by locale (`text` is in the organisation's language). Built-in items read theirs from the bank catalogues. */
		translations: jsonb('translations').$type<Record<string, string>>().notNull().default({}),
		archived: boolean('archived').notNull().default(false),
		createdAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('items_org_key').on(t.orgId, t.key)],
)

export const surveyStatuses = ['draft', 'active', 'paused', 'archived'] as const
export const cadences = ['weekly', 'biweekly', 'monthly'] as const
export { SHARE_MODES, type ShareMode } from './enums'

export const surveys = pgTable(
	'surveys',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		name: text('name').notNull(),
		status: text('status', { enum: surveyStatuses }).notNull().default('draft'),
		cadence: text('cadence', { enum: cadences }).notNull().default('weekly'),
		/** ISO weekday of sending, 1 = Monday. */
		weekday: integer('weekday').notNull().default(1),
		/** Local time of sending in the organisation's time zone, minutes after midnight. */
		sendMinute: integer('send_minute').notNull().default(540),
		openDays: integer('open_days').notNull().default(3),
		/** Days before closing when the one reminder goes out; 0 = no reminder. */
		reminderDaysBeforeClose: integer('reminder_days_before_close').notNull().default(1),
		anonymityK: integer('anonymity_k').notNull().default(5),
		/**
		 * Whether teams see this survey's results on /results: right after their week is released,
		 * `shareDelayDays` after it, or never (executives and admins always see the dashboard). A
		 * week with several surveys follows the strictest of them (app/results/shared-weeks.server.ts).
		 */
		shareMode: text('share_mode', { enum: SHARE_MODES }).notNull().default('release'),
		shareDelayDays: integer('share_delay_days').notNull().default(0),
		createdAt: createdAt(),
		activatedAt: timestamp('activated_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		check('surveys_k_min', sql`${t.anonymityK} >= 3`),
		check('surveys_share_delay', sql`${t.shareDelayDays} between 0 and 90`),
		check('surveys_weekday', sql`${t.weekday} between 1 and 7`),
		check('surveys_send_minute', sql`${t.sendMinute} between 0 and 1439`),
		check('surveys_open_days', sql`${t.openDays} between 1 and 28`),
		check('surveys_reminder', sql`${t.reminderDaysBeforeClose} >= 0 and ${t.reminderDaysBeforeClose} < ${t.openDays}`),
	],
)

export const surveyItems = pgTable(
	'survey_items',
	{
		orgId: uuid('org_id').notNull(),
		surveyId: uuid('survey_id').notNull(),
		itemId: uuid('item_id').notNull(),
		position: integer('position').notNull(),
		required: boolean('required').notNull().default(true),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.surveyId, t.itemId] }),
		foreignKey({ name: 'survey_items_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.id] }).onDelete('cascade'),
		foreignKey({ name: 'survey_items_item_fk', columns: [t.orgId, t.itemId], foreignColumns: [items.orgId, items.id] }).onDelete('restrict'),
	],
)

/** Who a survey goes to: these teams and everything below them. */
export const surveyAudience = pgTable(
	'survey_audience',
	{
		orgId: uuid('org_id').notNull(),
		surveyId: uuid('survey_id').notNull(),
		teamId: uuid('team_id').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.surveyId, t.teamId] }),
		foreignKey({ name: 'survey_audience_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.id] }).onDelete('cascade'),
		foreignKey({ name: 'survey_audience_team_fk', columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
	],
)

/** One sending of a survey for one period; unique per period so concurrent ticks open it once. */
export const waves = pgTable(
	'waves',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		surveyId: uuid('survey_id').notNull(),
		/** Local date the period starts (Monday of the week, or the 1st of the month). */
		periodStart: text('period_start').notNull(),
		opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
		closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
		reminderAt: timestamp('reminder_at', { withTimezone: true }),
		reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		anonymityK: integer('anonymity_k').notNull(),
		/**
		 * The reporting week (its Monday, local) the wave counts in, fixed when it opens: a later
		 * change of time zone never moves a wave into another week. A wave opened in a week that
		 * was already released counts in the next unreleased week (see reports/release.server.ts).
		 */
		week: date('week', { mode: 'string' }).notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('waves_week_idx').on(t.orgId, t.week),
		unique('waves_one_per_period').on(t.orgId, t.surveyId, t.periodStart),
		index('waves_due_idx').on(t.closedAt, t.closesAt),
		foreignKey({ name: 'waves_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.id] }).onDelete('cascade'),
	],
)

/** The items of a wave as they were worded when it opened; answers point here. */
export const waveItems = pgTable(
	'wave_items',
	{
		orgId: uuid('org_id').notNull(),
		waveId: uuid('wave_id').notNull(),
		position: integer('position').notNull(),
		itemId: uuid('item_id').notNull(),
		dimension: dimensionEnum('dimension').notNull(),
		kind: answerKindEnum('kind').notNull(),
		text: text('text').notNull(),
		reverse: boolean('reverse').notNull(),
		required: boolean('required').notNull(),
		/** The item's wording in other languages when the wave opened, by locale; answers are the same item whatever the language. */
		translations: jsonb('translations').$type<Record<string, string>>().notNull().default({}),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.waveId, t.position] }),
		foreignKey({ name: 'wave_items_wave_fk', columns: [t.orgId, t.waveId], foreignColumns: [waves.orgId, waves.id] }).onDelete('cascade'),
	],
)

/**
 * Who was asked: for participation and reminders only. Whether they answered is not here but in
 * `answered_invitations`, so a submission never writes an invitation (its row carries no trace of
 * when, or in which transaction, its person answered). Nothing here points at a response, and no
 * response points here.
 */
export const invitations = pgTable(
	'invitations',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		waveId: uuid('wave_id').notNull(),
		userId: uuid('user_id').notNull(),
		/** Team and level when invited: participation is counted where the person was. */
		teamId: uuid('team_id'),
		level: levelEnum('level').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		unique('invitations_one_per_person').on(t.orgId, t.waveId, t.userId),
		index('invitations_user_idx').on(t.orgId, t.userId),
		foreignKey({ name: 'invitations_wave_fk', columns: [t.orgId, t.waveId], foreignColumns: [waves.orgId, waves.id] }).onDelete('cascade'),
		foreignKey({ name: 'invitations_user_fk', columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
	],
)

/**
 * The invitations that were answered, one row each, written by the submission that claims the
 * invitation (its key makes the claim once only) and by nothing else until the week's release
 * writes the week's rows again in wave and invitation order, one transaction id for all of them
 * (so neither their order nor their xmin says who answered when). No key to `invitations`: a key
 * check would lock the invitation row and leave the submission's transaction id on it. No key to
 * `waves` either: a release checked it once per row it wrote again (docs/decisions/0038). Whoever
 * deletes invitations or waves deletes their rows here too (erasure, retention, the demo's clean-up).
 */
export const answeredInvitations = pgTable(
	'answered_invitations',
	{
		orgId: uuid('org_id').notNull(),
		waveId: uuid('wave_id').notNull(),
		invitationId: uuid('invitation_id').notNull(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.waveId, t.invitationId] })],
)

/** Link tokens of an invitation (the first e-mail and the reminder each carry one). */
export const invitationTokens = pgTable(
	'invitation_tokens',
	{
		orgId: uuid('org_id').notNull(),
		id: text('id').notNull(),
		invitationId: uuid('invitation_id').notNull(),
		secretHash: text('secret_hash').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('invitation_tokens_id_idx').on(t.id),
		foreignKey({ name: 'invitation_tokens_invitation_fk', columns: [t.orgId, t.invitationId], foreignColumns: [invitations.orgId, invitations.id] }).onDelete('cascade'),
	],
)

/**
 * An anonymous response of a released week: the wave, the team and level at the time, the
 * answers. No person, no invitation, no date or time — by construction. Rows arrive here only
 * when their week is released, all of a week in one transaction and in random order, so
 * nothing in the table (ids, order, xmin) follows the order in which people answered.
 */
export const responses = pgTable(
	'responses',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		waveId: uuid('wave_id').notNull(),
		teamId: uuid('team_id'),
		level: levelEnum('level').notNull(),
		comment: text('comment'),
		/**
		 * The language of the pulse page the comment was written on, kept only where at least k
		 * comments of its wave and team share it (nulled at release otherwise): a rare language
		 * would name its author (docs/decisions/0023-languages.md).
		 */
		commentLocale: text('comment_locale'),
		/**
		 * The SHA-256 of the reply key its author kept, when they asked leaders to be able to reply
		 * (docs/security.md, "Anonymous replies"). It came with the comment from `held_responses`
		 * and was shuffled with it at release: it names no one.
		 */
		replyKeyHash: text('reply_key_hash'),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('responses_wave_idx').on(t.orgId, t.waveId),
		index('responses_reply_key_idx')
			.on(t.replyKeyHash)
			.where(sql`reply_key_hash is not null`),
		// Comments are few: the dashboard finds them without reading every response of the period.
		index('responses_comment_idx')
			.on(t.orgId, t.waveId)
			.where(sql`comment is not null`),
		// No key to waves: only a release writes responses, under its waves' row locks, and a key
		// checked per row was a quarter of its writing; retention and the demo's clean-up delete
		// them with their waves (docs/decisions/0038).
	],
)

export const answers = pgTable(
	'answers',
	{
		orgId: uuid('org_id').notNull(),
		responseId: uuid('response_id').notNull(),
		position: integer('position').notNull(),
		waveId: uuid('wave_id').notNull(),
		value: doublePrecision('value'),
		text: text('text'),
	},
	(t) => [
		// No key to responses: answers are written only with their responses by a release and
		// deleted with them explicitly (retention, a release replacing older rows, the demo's clean-up).
		primaryKey({ columns: [t.orgId, t.responseId, t.position] }),
	],
)

/**
 * Answers of a wave still open (or not yet released), parked here by the same statement that
 * claims the invitation: acknowledged means durable. While a row is here, whoever reads the
 * database can link it to its invitation (same transaction); that is why it lives only until
 * its week is released, when the rows move to `responses` in random order and this table is
 * emptied and vacuumed (docs/security.md, "What the database shows").
 */
export const heldResponses = pgTable(
	'held_responses',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		waveId: uuid('wave_id').notNull(),
		teamId: uuid('team_id'),
		level: levelEnum('level').notNull(),
		comment: text('comment'),
		/** The language of the page the comment was written on; checked against k at release. */
		commentLocale: text('comment_locale'),
		/** The SHA-256 of the comment's reply key, written by the same statement as the answers; moves with them at release. */
		replyKeyHash: text('reply_key_hash'),
		/** `[{ position, value, text }]`, as the pulse form's reader returned them. */
		answers: jsonb('answers').$type<{ position: number; value: number | null; text: string | null }[]>().notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('held_responses_wave_idx').on(t.orgId, t.waveId),
		foreignKey({ name: 'held_responses_wave_fk', columns: [t.orgId, t.waveId], foreignColumns: [waves.orgId, waves.id] }).onDelete('cascade'),
	],
)

/**
 * The thread under a released comment: leaders' replies (with the leader's id) and its author's
 * answers (with no person at all: no user, session or invitation, the day only, a place in the
 * thread). Rows exist only for released comments, so none refers to a held row. Authors'
 * answers are rewritten in random order by the scheduler (`settled`), so transaction ids and
 * physical order do not keep the moment they were written.
 */
export const commentReplies = pgTable(
	'comment_replies',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		responseId: uuid('response_id').notNull(),
		fromAuthor: boolean('from_author').notNull(),
		/** The leader who replied; null for the author's answers. No foreign key: an erased leader leaves an id that resolves to nobody. */
		leaderId: uuid('leader_id'),
		body: text('body').notNull(),
		writtenOn: date('written_on', { mode: 'string' }).notNull(),
		seq: integer('seq').notNull(),
		settled: boolean('settled').notNull().default(false),
		hiddenAt: timestamp('hidden_at', { withTimezone: true }),
		hiddenBy: uuid('hidden_by'),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		unique('comment_replies_seq_key').on(t.orgId, t.responseId, t.seq),
		foreignKey({ name: 'comment_replies_response_fk', columns: [t.orgId, t.responseId], foreignColumns: [responses.orgId, responses.id] }).onDelete('cascade'),
		check('comment_replies_author_check', sql`from_author = (leader_id is null)`),
	],
)

/** Comments an admin hid: shown in no list and no thread. The audit log says who and when. */
export const hiddenComments = pgTable(
	'hidden_comments',
	{
		orgId: uuid('org_id').notNull(),
		responseId: uuid('response_id').notNull(),
		hiddenBy: uuid('hidden_by'),
		hiddenAt: timestamp('hidden_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.responseId] }),
		foreignKey({ name: 'hidden_comments_response_fk', columns: [t.orgId, t.responseId], foreignColumns: [responses.orgId, responses.id] }).onDelete('cascade'),
	],
)

/**
 * Digest jobs done, one row per organisation, week and job (`release`: managers' and executives'
 * digests and alerts; `results`: the "results are in" note once teams may see the week). The
 * insert that claims a job is what makes it happen once, on however many instances run it.
 */
export const digestRuns = pgTable(
	'digest_runs',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		week: date('week', { mode: 'string' }).notNull(),
		job: text('job', { enum: ['release', 'results'] }).notNull(),
		messages: integer('messages').notNull().default(0),
		createdAt: createdAt(),
		/** The last person (by id) whose e-mails are queued: the run goes on after them, a batch per transaction. */
		afterUserId: uuid('after_user_id'),
		/** When the last batch was queued; null while the run is under way. */
		finishedAt: timestamp('finished_at', { withTimezone: true }),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.week, t.job] })],
)

/** What a released week's cube looked like and which of its cells may be shown, decided once. */
export interface ReleasedCube {
	/** The team tree at release (ROOT = 'org' holds people without a known team), with each team's path then (suppression's tie-break; absent in weeks released before). */
	nodes: { id: string; parentId: string | null; key?: string }[]
	/** Distinct people who answered, per node (directly attached) and level. */
	people: Record<string, { all: number; byLevel: Record<string, number> }>
	/** Distinct people who were invited, likewise: participation is shown only where this passes k. */
	invited: Record<string, { all: number; byLevel: Record<string, number> }>
	/** Cells (node, or `node|level`) whose figures are hidden. */
	hidden: string[]
	/** Nodes (all levels) that form a comment group; each comment belongs to the nearest one above its team. */
	commentGroups: string[]
	/**
	 * Each wave's participation decided at release (absent in weeks released before): its invited
	 * people per node and level as its rollups held them, and the cells whose answered count is
	 * hidden under the week's k. The gate reads this decision while the rollups still hold those
	 * counts, instead of deciding every wave again on a process's first view.
	 */
	waves?: { id: string; invited: Record<string, { all: number; byLevel: Record<string, number> }>; hidden: string[] }[]
}

/**
 * A released week: computed once, when every wave of the week had closed and settled, with the
 * k, comment threshold and team tree in force then. Later changes may hide more of it, never
 * show what this decided to hide.
 */
export const releasedWeeks = pgTable(
	'released_weeks',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		week: date('week', { mode: 'string' }).notNull(),
		releasedAt: timestamp('released_at', { withTimezone: true }).notNull().defaultNow(),
		k: integer('k').notNull(),
		commentK: integer('comment_k').notNull(),
		waveIds: jsonb('wave_ids').$type<string[]>().notNull(),
		cube: jsonb('cube').$type<ReleasedCube>().notNull(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.week] })],
)

/**
 * The analyses of released weeks, computed once (by the release job, or by the first view that
 * needs one nobody computed yet) and read by every later view and process: the correlations'
 * permutation tests and the drivers. Keyed by the organisation and a digest of exactly the
 * inputs they were computed from (what the gate showed, the settings, the team tree), so a
 * changed input is a new key and an old row is never read for it; `week` is the last week of
 * the window, for retention.
 */
export const reportAnalyses = pgTable(
	'report_analyses',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		inputKey: text('input_key').notNull(),
		week: date('week', { mode: 'string' }).notNull(),
		computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
		// json, not jsonb: read back with its keys in the order they were written, so a stored
		// analysis reads exactly as the one just computed.
		result: json('result').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.kind, t.inputKey] }),
		check('report_analyses_kind', sql`${t.kind} in ('correlations', 'drivers')`),
		index('report_analyses_week_idx').on(t.orgId, t.week),
	],
)

// ─── Reporting ──────────────────────────────────────────────────────────────────────────────

/** The sentinel team id for people with no team, so rollup keys need no nullable column. */
export const NO_TEAM = '00000000-0000-0000-0000-000000000000'

/** How an organisation's figures are computed (see docs/METHOD.md). One row per organisation. */
export const reportSettings = pgTable('report_settings', {
	orgId: uuid('org_id')
		.primaryKey()
		.references(() => organizations.id, { onDelete: 'cascade' }),
	/** Weights of the RTMI components, by key (dimensions, firstResponse, approvalCycle). */
	weights: jsonb('weights').$type<Record<string, number>>().notNull(),
	targets: jsonb('targets').$type<{ firstResponseMinutes: number; approvalCycleHours: number; rtmi: number }>().notNull(),
	baselineFrom: date('baseline_from', { mode: 'string' }),
	baselineTo: date('baseline_to', { mode: 'string' }),
	/** Comments are shown only for groups with at least this many respondents (never below k). */
	commentK: integer('comment_k').notNull().default(10),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	/** Set when new weights await a background recompute of the culture rollups (large organisations). */
	rollupsStaleSince: timestamp('rollups_stale_since', { withTimezone: true }),
	/** A background recompute holds the organisation until then (so two instances do not both run it). */
	rollupsClaimedUntil: timestamp('rollups_claimed_until', { withTimezone: true }),
	rollupsBuiltAt: timestamp('rollups_built_at', { withTimezone: true }),
})

/**
 * Sufficient statistics of the answers, per wave, team, level and dimension, maintained as
 * responses arrive (and rebuilt from the raw tables when weights change). `culture` is the
 * per-respondent culture index; `enps` counts promoters (favourable) and detractors.
 */
export const responseRollups = pgTable(
	'response_rollups',
	{
		orgId: uuid('org_id').notNull(),
		waveId: uuid('wave_id').notNull(),
		teamId: uuid('team_id').notNull(),
		level: levelEnum('level').notNull(),
		dimension: text('dimension').notNull(),
		respondents: integer('respondents').notNull().default(0),
		scoreSum: doublePrecision('score_sum').notNull().default(0),
		scoreSumsq: doublePrecision('score_sumsq').notNull().default(0),
		answers: integer('answers').notNull().default(0),
		favourable: integer('favourable').notNull().default(0),
		detractors: integer('detractors').notNull().default(0),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.waveId, t.teamId, t.level, t.dimension] }),
		foreignKey({ name: 'response_rollups_wave_fk', columns: [t.orgId, t.waveId], foreignColumns: [waves.orgId, waves.id] }).onDelete('cascade'),
	],
)

/** Invited and answered per wave, team and level, maintained at opening and at each answer. */
export const participationRollups = pgTable(
	'participation_rollups',
	{
		orgId: uuid('org_id').notNull(),
		waveId: uuid('wave_id').notNull(),
		teamId: uuid('team_id').notNull(),
		level: levelEnum('level').notNull(),
		invited: integer('invited').notNull().default(0),
		answered: integer('answered').notNull().default(0),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.waveId, t.teamId, t.level] }),
		foreignKey({ name: 'participation_rollups_wave_fk', columns: [t.orgId, t.waveId], foreignColumns: [waves.orgId, waves.id] }).onDelete('cascade'),
	],
)

// ─── Operational metrics ────────────────────────────────────────────────────────────────────

export const eventTypes = ['customer_response', 'approval'] as const
export const eventTypeEnum = pgEnum('event_type', eventTypes)

/** API keys: shown once, stored as the SHA-256 of their secret. */
export const apiKeys = pgTable(
	'api_keys',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		name: text('name').notNull(),
		secretHash: text('secret_hash').notNull(),
		/** Chosen at creation, never widened. Keys made before scopes existed were given all three. */
		scopes: text('scopes').array().$type<ApiScope[]>().notNull(),
		/** Null: no expiry. From this instant on the key answers 401. */
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('api_keys_id_idx').on(t.id),
		check('api_keys_scopes_known', sql`cardinality(${t.scopes}) > 0 and ${t.scopes} <@ array['events:write', 'metrics:read', 'reports:read']::text[]`),
	],
)

/**
 * The rate limit's counter: one row per key holding the current fixed window (its start) and
 * the calls counted in it, moved forward and incremented by one atomic upsert per call. In the
 * database, so every instance of the app counts against the same limit.
 */
export const apiKeyRateWindows = pgTable(
	'api_key_rate_windows',
	{
		orgId: uuid('org_id').notNull(),
		keyId: text('key_id').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		calls: integer('calls').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.keyId] }),
		foreignKey({ name: 'api_key_rate_windows_key_fk', columns: [t.orgId, t.keyId], foreignColumns: [apiKeys.orgId, apiKeys.id] }).onDelete('cascade'),
	],
)

/** Customer-response and approval events, keyed by the sender's own id within the organisation. */
export const metricEvents = pgTable(
	'metric_events',
	{
		orgId: uuid('org_id').notNull(),
		externalId: text('external_id').notNull(),
		type: eventTypeEnum('type').notNull(),
		teamId: uuid('team_id').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		channel: text('channel'),
		approvals: integer('approvals'),
		outcome: text('outcome', { enum: ['approved', 'rejected'] }),
		/** Set by an update to the start time it replaced, so ingest knows which old week went stale. */
		previousStartedAt: timestamp('previous_started_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.externalId] }),
		// The medians over a period, for some teams or the whole organisation: type and end ride in
		// the index so the read is index-only (no heap page per event; 163 -> 33 ms for four weeks
		// of 100k people's events), the first dashboard view's slowest query before.
		index('metric_events_team_time_idx').on(t.orgId, t.teamId, t.startedAt, t.type, t.endedAt),
		index('metric_events_org_time_idx').on(t.orgId, t.startedAt, t.type, t.endedAt),
		foreignKey({ name: 'metric_events_team_fk', columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
		check('metric_events_order', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
		check('metric_events_approvals', sql`${t.approvals} is null or ${t.approvals} >= 1`),
	],
)

/**
 * Attempt counters (sign-in per e-mail and per client address, reset requests per e-mail),
 * counted before the work they guard (app/auth/throttle.server.ts). Not a tenant table: it is
 * consulted before anyone (or any organisation) is known. In a distributed setup it stays a
 * local table on the coordinator.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
	blockedUntil: timestamp('blocked_until', { withTimezone: true }),
	/** Blocks in a row for this key: each one lasts longer (per client address), until a quiet spell. */
	lockouts: integer('lockouts').notNull().default(0),
})

/**
 * Weekly response times per team, week (the Monday, in the organisation's time zone) and type,
 * kept so reads need not sort a year of events. Ingest records the time span it touched; a
 * refresh (before a read, and in the background) recomputes the weeks of those spans.
 */
export const metricWeekly = pgTable(
	'metric_weekly',
	{
		orgId: uuid('org_id').notNull(),
		teamId: uuid('team_id').notNull(),
		week: date('week', { mode: 'string' }).notNull(),
		type: eventTypeEnum('type').notNull(),
		count: integer('count').notNull(),
		answered: integer('answered').notNull(),
		medianSeconds: doublePrecision('median_seconds'),
		p90Seconds: doublePrecision('p90_seconds'),
		meanApprovals: doublePrecision('mean_approvals'),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.teamId, t.week, t.type] }),
		foreignKey({ name: 'metric_weekly_team_fk', columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
	],
)

/**
 * Weekly medians per team *with its sub-teams* (scope = a team, or NO_TEAM for the whole
 * organisation), refreshed with metric_weekly: medians do not add up across teams, so the
 * dashboard's trend for a branch would otherwise sort every event of the period per request.
 * No foreign key (NO_TEAM is no team); a team with events cannot be deleted anyway.
 */
export const metricWeeklyScopes = pgTable(
	'metric_weekly_scopes',
	{
		orgId: uuid('org_id').notNull(),
		scopeId: uuid('scope_id').notNull(),
		week: date('week', { mode: 'string' }).notNull(),
		type: eventTypeEnum('type').notNull(),
		answered: integer('answered').notNull(),
		medianSeconds: doublePrecision('median_seconds'),
		/** When the week was last recomputed: figures over several weeks are remembered by it. */
		refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.scopeId, t.week, t.type] })],
)

/**
 * Time spans whose weekly figures are stale, one row per ingest statement (the span of the
 * events it wrote, old and new start times). Deliberately without a unique key, so concurrent
 * batches never wait on each other; the refresh merges them.
 */
export const metricDirtyRanges = pgTable(
	'metric_dirty_ranges',
	{
		orgId: uuid('org_id').notNull(),
		fromTs: timestamp('from_ts', { withTimezone: true }).notNull(),
		toTs: timestamp('to_ts', { withTimezone: true }).notNull(),
	},
	(t) => [index('metric_dirty_ranges_org_idx').on(t.orgId)],
)

// ─── Action plans ──────────────────────────────────────────────────────────────────────────

export { ACTION_STATUSES, type ActionStatus } from './enums'

/**
 * What a team will change after its results: the team, the culture dimension it targets (or a
 * comment theme in words), what will change, an owner, a due date and a status. Its effect is
 * measured through the report gate on the team's released weeks since `startedOn` (app/actions/).
 */
export const actions = pgTable(
	'actions',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		teamId: uuid('team_id').notNull(),
		/** A culture dimension key (autonomy, approval, …); null when the action answers a comment theme. */
		dimension: text('dimension'),
		theme: text('theme'),
		title: text('title').notNull(),
		ownerId: uuid('owner_id'),
		dueOn: date('due_on', { mode: 'string' }).notNull(),
		status: text('status', { enum: ACTION_STATUSES }).notNull().default('planned'),
		/** The day the change starts (org time zone): weeks before it are "before", weeks after it "since". */
		startedOn: date('started_on', { mode: 'string' }).notNull(),
		createdBy: uuid('created_by'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('actions_team_idx').on(t.orgId, t.teamId),
		foreignKey({ name: 'actions_team_fk', columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
		// A leaver's actions stay with no owner rather than vanish: erasure clears owner_id and
		// created_by before it deletes the person (plain keys, migration 0031).
		foreignKey({ name: 'actions_owner_fk', columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
		foreignKey({ name: 'actions_created_by_fk', columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
		check('actions_target', sql`(${t.dimension} is null) <> (${t.theme} is null)`),
	],
)

/** Dated notes on an action's progress ("moved the refund limit to €200 on 3 March"). */
export const actionUpdates = pgTable(
	'action_updates',
	{
		orgId: uuid('org_id').notNull(),
		id: uuid('id').notNull().defaultRandom(),
		actionId: uuid('action_id').notNull(),
		on: date('on', { mode: 'string' }).notNull(),
		note: text('note').notNull(),
		authorId: uuid('author_id'),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.id] }),
		index('action_updates_action_idx').on(t.orgId, t.actionId),
		foreignKey({ name: 'action_updates_action_fk', columns: [t.orgId, t.actionId], foreignColumns: [actions.orgId, actions.id] }).onDelete('cascade'),
		// Erasure clears author_id before it deletes the person (migration 0031).
		foreignKey({ name: 'action_updates_author_fk', columns: [t.orgId, t.authorId], foreignColumns: [users.orgId, users.id] }),
	],
)

// ─── Audit ─────────────────────────────────────────────────────────────────────────────────

/**
 * Append-only audit log of an organisation: who (a user id, or null for the system, an API key
 * or an unknown caller, with a label saying which), what, when, from where. People are named
 * by id only and resolved when shown, so erasing a person leaves nothing here that names them.
 * Never anything about a respondent: no submission and no who-answered is ever recorded.
 * A trigger (migration 0008_audit_and_retention) refuses UPDATE, and DELETE outside the
 * retention job or the cascade of deleting the organisation.
 */
export const auditEvents = pgTable(
	'audit_events',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid('actor_user_id'),
		actorLabel: text('actor_label').notNull(),
		action: text('action').notNull(),
		target: text('target'),
		/** A person the event is about (role change, deactivation…), by id only; no foreign key, so erasure keeps the event. */
		targetUserId: uuid('target_user_id'),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		ip: text('ip'),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.id] }), index('audit_events_org_at_idx').on(t.orgId, t.at)],
)

// ─── Connectors (app/connectors) ─────────────────────────────────────────────────────────────

export const connectorProviders = ['zendesk', 'intercom', 'freshdesk', 'github', 'jira'] as const
export type ConnectorProvider = (typeof connectorProviders)[number]

/**
 * A provider's webhook into one organisation. The signing secret is needed in clear to compute
 * the provider's HMAC, so it is kept encrypted (AES-256-GCM, key outside the database); the
 * previous one keeps working until `previous_valid_until` so a rotation loses no delivery.
 */
export const connectors = pgTable(
	'connectors',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull().defaultRandom(),
		provider: text('provider', { enum: connectorProviders }).notNull(),
		name: text('name').notNull(),
		secretEncrypted: text('secret_encrypted').notNull(),
		previousSecretEncrypted: text('previous_secret_encrypted'),
		previousValidUntil: timestamp('previous_valid_until', { withTimezone: true }),
		/** Replies by bots and automations count as a first reply only when the admin says so. */
		includeBots: boolean('include_bots').notNull().default(false),
		createdAt: createdAt(),
		secretSetAt: timestamp('secret_set_at', { withTimezone: true }).notNull().defaultNow(),
		lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
		lastError: text('last_error'),
		lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
		/** Set: deliveries are refused (403) and nothing is stored until the admin enables it again. */
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.id] }), check('connectors_provider_known', sql`${t.provider} in ('zendesk', 'intercom', 'freshdesk', 'github', 'jira')`)],
)

/** The provider's group / team / project / repository (its id or name as it sends it) → our team. */
export const connectorTeamMaps = pgTable(
	'connector_team_maps',
	{
		orgId: uuid('org_id').notNull(),
		connectorId: uuid('connector_id').notNull(),
		source: text('source').notNull(),
		teamId: uuid('team_id').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.connectorId, t.source] }),
		foreignKey({ name: 'connector_team_maps_connector_fk', columns: [t.orgId, t.connectorId], foreignColumns: [connectors.orgId, connectors.id] }).onDelete('cascade'),
		foreignKey({ name: 'connector_team_maps_team_fk', columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
	],
)

/** Deliveries already taken (the SHA-256 of the signed body): a replayed one is ignored. Pruned after a week. */
export const connectorDeliveries = pgTable(
	'connector_deliveries',
	{
		orgId: uuid('org_id').notNull(),
		connectorId: uuid('connector_id').notNull(),
		digest: text('digest').notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		/** What the delivery became, for the health page ("1 stored", "ignored: internal note"): counts and reasons, nothing from the body. */
		summary: text('summary'),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.connectorId, t.digest] }),
		index('connector_deliveries_received_idx').on(t.receivedAt),
		foreignKey({ name: 'connector_deliveries_connector_fk', columns: [t.orgId, t.connectorId], foreignColumns: [connectors.orgId, connectors.id] }).onDelete('cascade'),
	],
)

/** The health page's counts per connector and day (UTC). */
export const connectorDaily = pgTable(
	'connector_daily',
	{
		orgId: uuid('org_id').notNull(),
		connectorId: uuid('connector_id').notNull(),
		day: date('day', { mode: 'string' }).notNull(),
		stored: integer('stored').notNull().default(0),
		unmapped: integer('unmapped').notNull().default(0),
		ignored: integer('ignored').notNull().default(0),
		replays: integer('replays').notNull().default(0),
		rejected: integer('rejected').notNull().default(0),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.connectorId, t.day] }),
		foreignKey({ name: 'connector_daily_connector_fk', columns: [t.orgId, t.connectorId], foreignColumns: [connectors.orgId, connectors.id] }).onDelete('cascade'),
	],
)

/**
 * Events whose provider group has no team yet: kept (never dropped), counted on the health page,
 * and moved into metric_events when the admin maps the group.
 */
export const connectorUnmappedEvents = pgTable(
	'connector_unmapped_events',
	{
		orgId: uuid('org_id').notNull(),
		connectorId: uuid('connector_id').notNull(),
		externalId: text('external_id').notNull(),
		source: text('source').notNull(),
		type: eventTypeEnum('type').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		channel: text('channel'),
		approvals: integer('approvals'),
		outcome: text('outcome', { enum: ['approved', 'rejected'] }),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.connectorId, t.externalId] }),
		foreignKey({ name: 'connector_unmapped_events_connector_fk', columns: [t.orgId, t.connectorId], foreignColumns: [connectors.orgId, connectors.id] }).onDelete('cascade'),
	],
)

export const backfillStates = ['running', 'done', 'failed', 'cancelled'] as const
export type BackfillState = (typeof backfillStates)[number]

/**
 * A connector's backfill from the provider's history API (app/connectors/backfill.server.ts):
 * one per connector, the latest. The cursor is written in the same transaction as the events of
 * the page it follows, so a crash resumes exactly after the last page stored. The API
 * credentials are encrypted like the signing secrets (their own associated data).
 */
export const connectorBackfills = pgTable(
	'connector_backfills',
	{
		orgId: uuid('org_id').notNull(),
		connectorId: uuid('connector_id').notNull(),
		state: text('state', { enum: backfillStates }).notNull().default('running'),
		since: timestamp('since', { withTimezone: true }).notNull(),
		apiUrl: text('api_url').notNull(),
		credentialsEncrypted: text('credentials_encrypted').notNull(),
		cursor: jsonb('cursor'),
		pages: integer('pages').notNull().default(0),
		events: integer('events').notNull().default(0),
		/** Failures in a row (network, 5xx); rate limits are not failures. */
		failures: integer('failures').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		/** The run that holds it (one instance at a time) and until when. */
		leaseId: uuid('lease_id'),
		leaseUntil: timestamp('lease_until', { withTimezone: true }),
		lastError: text('last_error'),
		lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.connectorId] }),
		check('connector_backfills_state_known', sql`${t.state} in ('running', 'done', 'failed', 'cancelled')`),
		index('connector_backfills_due_idx')
			.on(t.nextAttemptAt)
			.where(sql`${t.state} = 'running'`),
		foreignKey({ name: 'connector_backfills_connector_fk', columns: [t.orgId, t.connectorId], foreignColumns: [connectors.orgId, connectors.id] }).onDelete('cascade'),
	],
)

export type Organization = typeof organizations.$inferSelect
export type Team = typeof teams.$inferSelect
export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type MailMessage = typeof mailOutbox.$inferSelect
export type Item = typeof items.$inferSelect
export type Survey = typeof surveys.$inferSelect
export type Wave = typeof waves.$inferSelect
export type WaveItem = typeof waveItems.$inferSelect
export type MetricEvent = typeof metricEvents.$inferSelect
export type ReleasedWeek = typeof releasedWeeks.$inferSelect
export type AuditEvent = typeof auditEvents.$inferSelect
export type Action = typeof actions.$inferSelect
export type ActionUpdate = typeof actionUpdates.$inferSelect

export const chatProviders = ['slack', 'teams'] as const
export type ChatProvider = (typeof chatProviders)[number]

/** An organisation's chat workspace: the bot token, encrypted (app/connectors/keys.server.ts), never shown. */
export const chatInstallations = pgTable(
	'chat_installations',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		provider: text('provider', { enum: chatProviders }).notNull(),
		workspaceId: text('workspace_id').notNull(),
		workspaceName: text('workspace_name').notNull(),
		/** Slack: the bot token. Teams: the bot's app password (client secret). Encrypted, never shown. */
		botTokenEncrypted: text('bot_token_encrypted').notNull(),
		/** Teams: the bot's Microsoft app id (the audience of the tokens Teams sends). Null for Slack. */
		appId: text('app_id'),
		/** Teams: where the Bot Connector for this tenant answers, learnt from a verified activity. Null until then. */
		serviceUrl: text('service_url'),
		/** Slack with token rotation: the refresh token (encrypted) and when the bot token expires. Null without rotation. */
		refreshTokenEncrypted: text('refresh_token_encrypted'),
		tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
		installedBy: uuid('installed_by'),
		installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
		matchedAt: timestamp('matched_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.provider] }),
		// One workspace belongs to one organisation: checked when connecting (installations.server.ts),
		// not by a unique constraint, which would have to leave out org_id (the schema is distributed by it).
		index('chat_installations_workspace_idx').on(t.provider, t.workspaceId),
		index('chat_installations_app_idx').on(t.provider, t.appId),
		check('chat_installations_provider', sql`${t.provider} in ('slack', 'teams')`),
	],
)

/**
 * A person's account in the chat workspace, matched by e-mail. It says where to send a person's
 * messages; it is never stored with, or joinable to, an answer (answers carry no person at all).
 */
export const chatIdentities = pgTable(
	'chat_identities',
	{
		orgId: uuid('org_id').notNull(),
		userId: uuid('user_id').notNull(),
		provider: text('provider', { enum: chatProviders }).notNull(),
		externalUserId: text('external_user_id').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.userId, t.provider] }),
		unique('chat_identities_external').on(t.orgId, t.provider, t.externalUserId),
		foreignKey({ name: 'chat_identities_user_fk', columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
		foreignKey({ name: 'chat_identities_installation_fk', columns: [t.orgId, t.provider], foreignColumns: [chatInstallations.orgId, chatInstallations.provider] }).onDelete(
			'cascade',
		),
	],
)
export type ChatInstallation = typeof chatInstallations.$inferSelect

// ─── Identity: single sign-on and SCIM (app/identity) ────────────────────────────────────────

/**
 * An organisation's OpenID Connect provider. The client secret is kept encrypted (AES-256-GCM,
 * the connectors' key, kept outside the database). `sso_only` turns password sign-in off for
 * everyone but admins, who keep theirs so a broken provider cannot lock the organisation out.
 */
export const ssoConfigs = pgTable(
	'sso_configs',
	{
		orgId: uuid('org_id')
			.primaryKey()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		protocol: text('protocol').$type<'oidc' | 'saml'>().notNull().default('oidc'),
		/** OIDC: the issuer; SAML: the identity provider's entity id. */
		issuer: text('issuer').notNull(),
		clientId: text('client_id'),
		clientSecretEncrypted: text('client_secret_encrypted'),
		/** SAML: where the browser is sent with the request (HTTP-Redirect binding). */
		samlSsoUrl: text('saml_sso_url'),
		/** SAML: the provider's signing certificates, PEM, one after another (public). */
		samlCerts: text('saml_certs'),
		enabled: boolean('enabled').notNull().default(false),
		ssoOnly: boolean('sso_only').notNull().default(false),
		/** With passwords off, the one admin who keeps a password (break-glass: the provider may fail). */
		breakGlassUserId: uuid('break_glass_user_id'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		// A plain key: erasure clears the column itself (Citus refuses ON DELETE SET NULL (column), migration 0031).
		foreignKey({ name: 'sso_configs_break_glass_fk', columns: [t.orgId, t.breakGlassUserId], foreignColumns: [users.orgId, users.id] }),
		check(
			'sso_configs_protocol_fields',
			sql`(${t.protocol} = 'oidc' and ${t.clientId} is not null and ${t.clientSecretEncrypted} is not null) or (${t.protocol} = 'saml' and ${t.samlSsoUrl} is not null and ${t.samlCerts} is not null)`,
		),
	],
)

/**
 * E-mail domains that send a person to their organisation's provider, once proven by a DNS TXT
 * record. Several organisations may claim a domain; one only can have it verified (the unique
 * index on verified domains), so someone typing their work address is never offered another
 * company's provider, and e-mails are matched only within proven domains.
 */
export const ssoDomains = pgTable(
	'sso_domains',
	{
		domain: text('domain').notNull(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** The value the organisation publishes in DNS to prove the domain is its own (public). */
		verificationToken: text('verification_token').notNull(),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.domain] }),
		uniqueIndex('sso_domains_verified_domain')
			.on(t.domain)
			.where(sql`${t.verifiedAt} is not null`),
		index('sso_domains_org_idx').on(t.orgId),
		check('sso_domains_lower', sql`${t.domain} = lower(${t.domain})`),
	],
)

/**
 * A sign-in on its way through the provider, found again by the SHA-256 of its `state` (the
 * browser holds the state in a cookie as well): in the database, so a sign-in started on one
 * instance completes on another. Used once, gone after ten minutes.
 */
export const ssoLogins = pgTable(
	'sso_logins',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		stateHash: text('state_hash').notNull(),
		nonce: text('nonce').notNull(),
		codeVerifier: text('code_verifier').notNull(),
		redirectTo: text('redirect_to').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.stateHash] }), index('sso_logins_state_idx').on(t.stateHash)],
)

/** A provider's subject linked to a person after their first sign-in by verified e-mail. */
export const ssoIdentities = pgTable(
	'sso_identities',
	{
		orgId: uuid('org_id').notNull(),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		userId: uuid('user_id').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.issuer, t.subject] }),
		foreignKey({ name: 'sso_identities_user_fk', columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
	],
)

/** The bearer token the identity provider provisions with (SCIM); only the secret's SHA-256 is kept. */
export const scimTokens = pgTable(
	'scim_tokens',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		secretHash: text('secret_hash').notNull(),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.id] }), index('scim_tokens_id_idx').on(t.id)],
)

/**
 * A SAML sign-in on its way through the provider: the AuthnRequest's id (the response must name
 * it in InResponseTo) and the SHA-256 of a value held by the browser that started it. In the
 * database, so any instance completes it; taken once, gone after ten minutes.
 */
export const samlRequests = pgTable(
	'saml_requests',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		requestId: text('request_id').notNull(),
		browserHash: text('browser_hash').notNull(),
		redirectTo: text('redirect_to').notNull(),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.requestId] })],
)

/** Assertion ids already used to sign in, until the assertion would have expired anyway: one-time use. */
export const samlAssertionsUsed = pgTable(
	'saml_assertions_used',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		assertionId: text('assertion_id').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.orgId, t.assertionId] })],
)

/** Calls of a SCIM token in the current minute (like the API keys' windows). */
export const scimTokenRateWindows = pgTable(
	'scim_token_rate_windows',
	{
		orgId: uuid('org_id').notNull(),
		tokenId: text('token_id').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		calls: integer('calls').notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.tokenId] }),
		foreignKey({ name: 'scim_token_rate_windows_token_fk', columns: [t.orgId, t.tokenId], foreignColumns: [scimTokens.orgId, scimTokens.id] }).onDelete('cascade'),
	],
)
