/**
 * The integration modules' messages (identity, channels, connectors, API keys, response-time
 * events) in the admin's language, as problems.server.ts does for the employee's pages. The
 * modules keep their English (the API, SCIM and their tests read it); each message an admin page
 * can show has a pattern here and a key under `problems.` in the `integrations` catalogues.
 * Data inside a message (a domain, an address, a column, a tool's name) is passed through as is.
 * A message without a pattern falls to the app's own patterns, then stays as written.
 */
import type { TFunction } from 'i18next'

import type { FieldErrors } from '~/utils/result'
import { NUL_IN_FILE_MESSAGE, NUL_MESSAGE, TEAM_DELETED_MESSAGE } from '~/utils/text'

import { fixedT } from './i18n.server'
import { localizeProblem } from './problems.server'

type Groups = Record<string, string>
type Pattern = [RegExp, (t: TFunction, g: Groups) => string]

const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
const n = (v: string | undefined) => Number(String(v ?? '').replace(/[^\d]/g, ''))

/** The CSV reader's plain words (app/utils/csv-parse-problem.ts), after "line N:". */
const CSV_WHAT: [string, (t: TFunction) => string][] = [
	['a quote (") opens a cell here and is never closed.', (t) => t('problems.csv.quoteNotClosed')],
	['a quote (") stands inside a cell that does not start with one.', (t) => t('problems.csv.quoteInside')],
	['a cell in quotes goes on after its closing quote.', (t) => t('problems.csv.afterClosingQuote')],
	['a line is too long to read.', (t) => t('problems.csv.lineTooLong')],
]

const TIMESTAMP: Pattern[] = [
	[/^"(?<value>.*)" has a date but no time: write it like (?<example>\S+)\.$/, (t, g) => t('problems.time.noTime', g)],
	[/^"(?<value>.*)" is not a date and time like (?<example>\S+)\.$/, (t, g) => t('problems.time.notATime', g)],
	[/^"(?<value>.*)" has no time zone: add Z for UTC or an offset such as \+01:00\.$/, (t, g) => t('problems.time.noZone', g)],
	[/^"(?<value>.*)" is not a real date and time\.$/, (t, g) => t('problems.time.notReal', g)],
	[/^"(?<value>.*)" is before 1970\.$/, (t, g) => t('problems.time.before1970', g)],
	[/^"(?<value>.*)" has an offset that is not a real one\.$/, (t, g) => t('problems.time.badOffset', g)],
	[/^"(?<value>.*)" is in the future\.$/, (t, g) => t('problems.time.future', g)],
]

const PATTERNS: Pattern[] = [
	// Single sign-on settings (app/identity/sso-config.server.ts, saml-metadata.server.ts)
	[/^This is an https:\/\/ address, e\.g\. (?<example>\S+)\.$/, (t, g) => t('problems.sso.https', g)],
	[exact('Each domain is like example.com, separated by commas or spaces.'), (t) => t('problems.sso.domainsFormat')],
	[exact('Enter the issuer address your identity provider gives.'), (t) => t('problems.sso.issuerMissing')],
	[exact('Enter the client id.'), (t) => t('problems.sso.clientIdMissing')],
	[exact('Enter the client secret.'), (t) => t('problems.sso.clientSecretMissing')],
	[exact('Name at least one e-mail domain, so people can find the sign-in.'), (t) => t('problems.sso.domainsNeeded')],
	[exact('Turn single sign-on on before turning passwords off.'), (t) => t('problems.sso.ssoOnlyNeedsSso')],
	[exact('Choose the admin who keeps a password in case the provider fails: an active admin of this organisation.'), (t) => t('problems.sso.breakGlass')],
	[
		/^(?<domains>.+) (?:is|are) already used for single sign-on elsewhere\. Contact support if it is yours\.$/,
		(t, g) => t('problems.sso.domainsTaken', { domains: g.domains, count: g.domains!.split(', ').length }),
	],
	[/^The metadata’s sign-in address (?<url>\S+) is not https\.$/, (t, g) => t('problems.sso.metadataNotHttps', g)],
	[exact('Enter the provider’s entity id (issuer), or paste its metadata.'), (t) => t('problems.sso.entityIdMissing')],
	[exact('Enter the provider’s sign-in address (SSO URL).'), (t) => t('problems.sso.ssoUrlMissing')],
	[/^The metadata is not XML\./, (t) => t('problems.sso.metadataNotXml')],
	[exact('This is not SAML metadata: it has no EntityDescriptor.'), (t) => t('problems.sso.metadataNotSaml')],
	[exact('The metadata describes no identity provider (no IDPSSODescriptor with an entityID).'), (t) => t('problems.sso.metadataNoIdp')],
	[exact('The metadata names no sign-in address (SingleSignOnService).'), (t) => t('problems.sso.metadataNoSsoUrl')],
	[exact('Give the provider’s signing certificate (X.509, PEM or base64).'), (t) => t('problems.sso.certificateMissing')],
	[exact('A certificate is not PEM or base64.'), (t) => t('problems.sso.certificateNotPem')],
	[exact('A certificate could not be read as X.509.'), (t) => t('problems.sso.certificateUnreadable')],
	[/^A signing certificate expired on (?<date>[\d-]+)\.$/, (t, g) => t('problems.sso.certificateExpired', g)],
	// Domain verification (sso-domains.server.ts)
	[exact('This domain is not one of yours: add it to the e-mail domains first.'), (t) => t('problems.domain.notListed')],
	[exact('This domain is not one of yours.'), (t) => t('problems.domain.notYours')],
	[/^(?<domain>\S+) is already verified\.$/, (t, g) => t('problems.domain.alreadyVerified', g)],
	[/^(?<domain>\S+) is verified\.$/, (t, g) => t('problems.domain.verified', g)],
	[/^No TXT record (?<name>\S+) with the value (?<value>\S+) was found\./, (t, g) => t('problems.domain.txtMissing', g)],
	[/^(?<domain>\S+) is already verified for single sign-on elsewhere\./, (t, g) => t('problems.domain.elsewhere', g)],
	// The connection test (sso-test.server.ts)
	[exact('Save your provider’s details first.'), (t) => t('problems.test.saveFirst')],
	[/^The provider answered: its sign-in page is (?<endpoint>\S+) and it accepts our client id\.$/, (t, g) => t('problems.test.oidcWorks', g)],
	[/^The provider at (?<issuer>\S+) did not answer as an OpenID provider \((?<detail>.*)\)\. Check the issuer address\.$/, (t, g) => t('problems.test.oidcFailed', g)],
	[exact('The provider’s signing certificate has expired: paste its new metadata or certificate.'), (t) => t('problems.test.samlExpired')],
	[
		/^The provider’s sign-in address answered \(HTTP (?<status>\d+)\) and its signing certificate is valid until (?<date>[\d-]+)\. Its signing certificate expires on (?<soon>[\d-]+): renew it soon\.$/,
		(t, g) => `${t('problems.test.samlWorks', g)} ${t('problems.test.renewSoon', g)}`,
	],
	[/^The provider’s sign-in address answered \(HTTP (?<status>\d+)\) and its signing certificate is valid until (?<date>[\d-]+)\.$/, (t, g) => t('problems.test.samlWorks', g)],
	[/^The sign-in address (?<url>\S+) did not answer \((?<detail>.*)\)\. Check it\.$/, (t, g) => t('problems.test.samlUnreachable', g)],
	// Channels (app/channels)
	[/^The Microsoft app id is a GUID/, (t) => t('problems.teams.appId')],
	[exact('Enter the app password (a client secret of the app registration).'), (t) => t('problems.teams.password')],
	[/^The tenant id is a GUID/, (t) => t('problems.teams.tenantId')],
	[exact('This bot or this Microsoft tenant is already connected to another organisation on this server.'), (t) => t('problems.teams.taken')],
	[/^Microsoft refused the bot’s credentials \((?<code>.*)\)\. Check the app id, the password and the tenant id\.$/, (t, g) => t('problems.teams.credentials', g)],
	[/^The Microsoft sign-in service did not answer \((?<detail>.*)\)\. Check the app id, the password and the tenant id\.$/, (t, g) => t('problems.teams.signInDown', g)],
	[exact('Microsoft could not be reached.'), (t) => t('problems.teams.unreachable')],
	[exact('Microsoft Teams is not connected.'), (t) => t('problems.teams.notConnected')],
	[/^Connect (?<channel>.+) first\.$/, (t, g) => t('problems.channels.connectFirst', g)],
	[/^Slack is not set up on this server/, (t) => t('problems.slack.notSetUp')],
	[/^Slack refused the installation \((?<code>[^)]*)\)\. Try again from this page\.$/, (t, g) => t('problems.slack.refused', g)],
	[/^Slack did not grant (?<scopes>.+); install again and allow them\.$/, (t, g) => t('problems.slack.notGranted', g)],
	[exact('Slack answered without a bot token.'), (t) => t('problems.slack.noBotToken')],
	[exact('This Slack workspace is already connected to another organisation on this server.'), (t) => t('problems.slack.taken')],
	[exact('Slack is not connected.'), (t) => t('problems.slack.notConnected')],
	[/^Slack did not list the workspace's members \((?<code>.*)\)\.$/, (t, g) => t('problems.slack.membersFailed', g)],
	[exact('Slack was not connected: the installation was cancelled in Slack.'), (t) => t('problems.slack.cancelled')],
	[/^That Slack link has expired or was started by someone else\./, (t) => t('problems.slack.stateExpired')],
	[/^Slack sent no installation code\./, (t) => t('problems.slack.noCode')],
	[exact('Slack was not connected.'), (t) => t('problems.slack.notConnectedAfter')],
	// Connectors and their backfill (app/connectors)
	[exact('Paste the signing secret the provider shows for this webhook.'), (t) => t('problems.connector.secretMissing')],
	[/^A signing secret is (?<min>\d+) to (?<max>\d+) characters; check that the whole secret was copied\.$/, (t, g) => t('problems.connector.secretLength', g)],
	[exact('Give the provider’s group, team, project or repository as it sends it.'), (t) => t('problems.connector.sourceMissing')],
	[exact('Choose a team from the list.'), (t) => t('problems.connector.teamChoose')],
	[/^Choose a provider: (?<list>.+)\.$/, (t, g) => t('problems.connector.providerChoose', g)],
	[exact('That connector does not exist.'), (t) => t('problems.connector.missing')],
	[/^Give the API’s address, such as (?<example>\S+)\.$/, (t, g) => t('problems.backfill.apiUrlMissing', g)],
	[exact('The address must start with https://.'), (t) => t('problems.backfill.apiUrlHttps')],
	[exact('Only the address: no user name, password, query or # in it.'), (t) => t('problems.backfill.apiUrlOnly')],
	[exact('Give a date as YYYY-MM-DD.'), (t) => t('problems.backfill.sinceFormat')],
	[exact('The date is in the future: nothing to read yet.'), (t) => t('problems.backfill.sinceFuture')],
	[exact('Start in 2000 or later.'), (t) => t('problems.backfill.since2000')],
	[/^(?<tool>.+)’s API wants the user \(an e-mail\) that owns the token\.$/, (t, g) => t('problems.backfill.apiUser', g)],
	[/^Paste an API token of (?<tool>.+)\.$/, (t, g) => t('problems.backfill.apiToken', g)],
	[exact('No backfill is running for this connector.'), (t) => t('problems.backfill.notRunning')],
	[exact('Paused: the connector is disabled.'), (t) => t('problems.backfill.paused')],
	[/^The stored credentials no longer decrypt/, (t) => t('problems.backfill.credentials')],
	[/^(?<tool>.+) asked to wait (?<seconds>\d+) s \((?<header>[^)]*)\); resumes then from page (?<page>\d+)\.$/, (t, g) => t('problems.backfill.wait', g)],
	// API keys (app/api/api-keys.server.ts)
	[/^Give the key a name, e\.g\. "Zendesk export"\.$/, (t) => t('problems.apiKey.nameMissing')],
	[exact('That organisation does not exist.'), (t) => t('problems.apiKey.orgMissing')],
	[/^Unknown scope "(?<scope>.*)": choose from (?<list>.+)\.$/, (t, g) => t('problems.apiKey.unknownScope', g)],
	[/^Choose at least one scope \((?<list>.+)\): what this key may do\.$/, (t, g) => t('problems.apiKey.scopesNeeded', g)],
	[/^Give the last day the key works as a date, YYYY-MM-DD/, (t) => t('problems.apiKey.expiresFormat')],
	[/^That day is past: choose (?<date>[\d-]+) or later\.$/, (t, g) => t('problems.apiKey.expiresPast', g)],
	[/^At most (?<count>\d+) years ahead; make a new key when this one ends\.$/, (t, g) => t('problems.apiKey.expiresFar', { count: n(g.count) })],
	[exact('That key does not exist or is already revoked.'), (t) => t('problems.apiKey.missing')],
	// Response-time filters and events (app/metrics)
	[exact('Required: a date as YYYY-MM-DD.'), (t) => t('problems.metrics.dateRequired')],
	[/^"(?<value>.*)" is not a date as YYYY-MM-DD\.$/, (t, g) => t('problems.metrics.notADate', g)],
	[exact('"to" is before "from".'), (t) => t('problems.metrics.toBeforeFrom')],
	[/^At most (?<count>\d+) days at a time\.$/, (t, g) => t('problems.metrics.maxSpan', { count: n(g.count) })],
	[/^At most (?<count>\d+) characters\.$/, (t, g) => t('problems.atMost', { count: n(g.count) })],
	[/^At most (?<count>\d+) sign-offs\.$/, (t, g) => t('problems.event.maxApprovals', { count: n(g.count) })],
	[exact('Required: your own id for this event.'), (t) => t('problems.event.idMissing')],
	[/^Required: (?<types>\S+ or \S+)\.$/, (t, g) => t('problems.event.typeMissing', g)],
	[/^Unknown type (?<value>.*): use (?<types>\S+ or \S+)\.$/, (t, g) => t('problems.event.typeUnknown', g)],
	[/^Required: the team path, e\.g\. Marketing\/Social\.$/, (t) => t('problems.event.teamMissing')],
	[/^Expected the team path as text/, (t) => t('problems.event.teamMissing')],
	[exact('Expected a whole number of sign-offs, at least 1.'), (t) => t('problems.event.approvals')],
	[/^Expected (?<outcomes>\S+ or \S+)\.$/, (t, g) => t('problems.event.outcome', g)],
	[/^Required: when it started, e\.g\. (?<example>\S+)\.$/, (t, g) => t('problems.event.startedMissing', g)],
	[/^Expected a date and time as text, e\.g\. (?<example>\S+)\.$/, (t, g) => t('problems.event.timeAsText', g)],
	[/^Unknown field; the fields are (?<list>.+)\.$/, (t, g) => t('problems.event.unknownField', g)],
	[/^No team "(?<team>.*)" in this organisation/, (t, g) => t('problems.event.noTeam', g)],
	[exact('endedAt is before startedAt.'), (t) => t('problems.event.endBeforeStart')],
	[exact('Only approval events have approvals.'), (t) => t('problems.event.onlyApprovalApprovals')],
	[exact('Only approval events have an outcome.'), (t) => t('problems.event.onlyApprovalOutcome')],
	[exact('Only customer_response events have a channel.'), (t) => t('problems.event.onlyCustomerChannel')],
	[exact('An outcome needs endedAt, the time of the decision.'), (t) => t('problems.event.outcomeNeedsEnd')],
	// The CSV file as a whole (app/metrics/csv-import.server.ts, app/routes/admin.metrics.*)
	[/^"(?<value>.*)" is already on line (?<line>\d+)\.$/, (t, g) => t('problems.csv.duplicateId', g)],
	[/^Expected (?<want>\d+) cells, found (?<found>\d+)\.$/, (t, g) => t('problems.csv.cells', g)],
	[/^The file is larger than (?<mb>\d+) MB\. Split it into several files\.$/, (t, g) => t('problems.csv.tooLarge', g)],
	[/^At most (?<max>[\d,]+) events per file\. Split it into several files\.$/, (t, g) => t('problems.csv.tooManyRows', { count: n(g.max) })],
	[exact('The file is empty.'), (t) => t('problems.csv.empty')],
	[exact('The file has a header but no events.'), (t) => t('problems.csv.headerOnly')],
	[exact('Choose a CSV file to import.'), (t) => t('problems.csv.chooseFile')],
	[exact(TEAM_DELETED_MESSAGE), (t) => t('problems.csv.teamDeleted')],
	[exact(NUL_IN_FILE_MESSAGE), (t) => t('problems.csv.nulInFile')],
	[exact(NUL_MESSAGE), (t) => t('problems.nul')],
	[
		/^The file is not valid CSV on line (?<line>\d+): (?<what>.*)$/,
		(t, g) => {
			const found = CSV_WHAT.find(([start]) => g.what!.startsWith(start))
			return t('problems.csv.invalid', { line: g.line, what: found ? found[1](t) : t('problems.csv.unreadable') })
		},
	],
	[
		/^(?:Missing columns?: (?<missing>.+?)\. ?)?(?:Unknown columns?: (?<unknown>.+?)\. ?)?(?:Columns? named twice: (?<repeated>.+?)\. ?)?The first line must name the columns: (?<columns>.+)$/,
		(t, g) =>
			[
				g.missing ? t('problems.csv.missingColumns', { count: g.missing.split(', ').length, columns: g.missing }) : '',
				g.unknown ? t('problems.csv.unknownColumns', { count: g.unknown.split(', ').length, columns: g.unknown }) : '',
				g.repeated ? t('problems.csv.repeatedColumns', { count: g.repeated.split(', ').length, columns: g.repeated }) : '',
				t('problems.csv.header', { columns: g.columns }),
			]
				.filter(Boolean)
				.join(' '),
	],
]

/** One message in the admin's language (as written when no pattern knows it). */
export function localizeIntegrationProblem(locale: string, message: string): string {
	const t = fixedT(locale, 'integrations')
	for (const [pattern, say] of [...PATTERNS, ...TIMESTAMP]) {
		const m = message.match(pattern)
		if (m) return say(t, { ...m.groups })
	}
	return localizeProblem(locale, message)
}

/** A CSV import's outcome with its problems in the admin's language. */
export function localizeImportOutcome<T extends { ok: true } | { ok: false; problems: { message: string }[] }>(locale: string, outcome: T): T {
	return outcome.ok ? outcome : { ...outcome, problems: outcome.problems.map((p) => ({ ...p, message: localizeIntegrationProblem(locale, p.message) })) }
}

export function localizeIntegrationProblems(locale: string, errors: FieldErrors): FieldErrors {
	return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, message === undefined ? message : localizeIntegrationProblem(locale, message)]))
}
