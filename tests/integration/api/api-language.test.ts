/**
 * The public API's error sentence in the caller's language (Accept-Language), English by default;
 * everything a client acts on — status, `requiredScope`, `scopes`, `retryAfter`, `field`, headers —
 * the same in every language. And every message the API's own plumbing writes has its pattern, so
 * none of them stays English by accident.
 */
import { describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { apiLocale, apiMessage } from '~/api/api-language.server'
import { LOCALES } from '~/i18n/locales'
import * as actionsApi from '~/routes/api+/v1.actions'
import * as eventsApi from '~/routes/api+/v1.events'
import * as mindsetApi from '~/routes/api+/v1.reports.mindset'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'
import { apiRequest, call } from '../../support/requests'

useTestDatabase()

const inLanguage = (request: Request, language: string) => {
	request.headers.set('Accept-Language', language)
	return request
}

describe('which language', () => {
	test('the first of the five that Accept-Language names, a regional tag by its language, else English', () => {
		const r = (h?: string) => new Request('http://x/api/v1/events', h ? { headers: { 'Accept-Language': h } } : {})
		expect(apiLocale(r())).toBe('en')
		expect(apiLocale(r('de-CH,de;q=0.9,en;q=0.5'))).toBe('de')
		expect(apiLocale(r('pt-BR,ja;q=0.5'))).toBe('ja')
		expect(apiLocale(r('fr;q=0.2,es'))).toBe('es')
		expect(apiLocale(r('pt-BR'))).toBe('en')
		expect(apiLocale(r('en-XA'))).toBe('en')
	})
})

describe('the answers', () => {
	test('no key: 401 in German and Japanese, English by default; the header and status the same', async () => {
		const en = await call(eventsApi.action, apiRequest('/api/v1/events', { body: { events: [] } }))
		const de = await call(eventsApi.action, inLanguage(apiRequest('/api/v1/events', { body: { events: [] } }), 'de-DE,de;q=0.9'))
		const ja = await call(eventsApi.action, inLanguage(apiRequest('/api/v1/events', { body: { events: [] } }), 'ja'))
		expect(en.data).toEqual({ error: 'Missing, unknown or revoked API key. Send "Authorization: Bearer son_…" with a key from Admin › API keys.' })
		expect(de.data).toEqual({
			error: 'API-Schlüssel fehlt, ist unbekannt oder wurde widerrufen. Senden Sie „Authorization: Bearer son_…“ mit einem Schlüssel aus Admin › API-Schlüssel.',
		})
		expect(ja.data).toEqual({ error: 'APIキーがないか、不明か、失効しています。「管理 › APIキー」で発行したキーを「Authorization: Bearer son_…」で送信してください。' })
		for (const a of [en, de, ja]) {
			expect(a.status).toBe(401)
			expect(a.headers.get('WWW-Authenticate')).toBe('Bearer realm="State of Now"')
			expect(a.headers.get('Cache-Control')).toBe('no-store')
			expect(a.headers.get('Vary')).toContain('Accept-Language')
		}
		expect([en, de, ja].map((a) => a.headers.get('Content-Language'))).toEqual(['en', 'de', 'ja'])
	})

	test('a missing scope: the sentence in French, the machine-readable fields unchanged', async () => {
		const org = await makeOrg()
		const created = await createApiKey(org.id, 'Ingest', { scopes: ['events:write'] })
		if (!created.ok) throw new Error('key')
		const fr = await call(mindsetApi.loader, inLanguage(apiRequest('/api/v1/reports/mindset?from=2026-01-05&to=2026-03-29', { key: created.value.key }), 'fr-FR'))
		expect(fr.status).toBe(403)
		expect(fr.data).toEqual({
			error:
				'Cette clé d’API ne peut pas faire cet appel : il lui faut la portée "reports:read", et elle a events:write. Demandez à un administrateur une clé avec cette portée (Admin › Clés d’API).',
			requiredScope: 'reports:read',
			scopes: ['events:write'],
		})
	})

	test('a field problem in Spanish keeps its field; a success is untouched', async () => {
		const org = await makeOrg()
		await makeTeam(org.id, 'Care')
		const created = await createApiKey(org.id, 'BI', { scopes: ['reports:read'] })
		if (!created.ok) throw new Error('key')
		const es = await call(actionsApi.loader, inLanguage(apiRequest('/api/v1/actions?team=Nowhere', { key: created.value.key }), 'es'))
		expect(es).toMatchObject({ status: 404, data: { errors: [{ field: 'team', message: 'No hay ningún equipo «Nowhere» en esta organización.' }] } })
		const ok = await call(actionsApi.loader, inLanguage(apiRequest('/api/v1/actions', { key: created.value.key }), 'es'))
		expect(ok.status).toBe(200)
		expect(ok.headers.get('Content-Language')).toBeNull()
	})

	test('every message of the plumbing has its words in every language (none stays English by accident)', () => {
		const messages = [
			'This API key expired at 2026-03-01T00:00:00.000Z. Ask an admin for a new key (Admin › API keys).',
			'Too many calls with this API key: at most 60 a minute. Try again in 12 s.',
			'Use POST on this address.',
			'The service is temporarily unavailable: the database is not answering.',
			'The request contains a NUL character (\\u0000), which cannot be stored. Remove it and send the request again.',
			'The body is larger than 5 MB. Send fewer events per request.',
			'The body is empty: send {"events": [ … ]} as JSON.',
			'The body is not valid JSON (Unexpected token x). Send {"events": [ … ]} with Content-Type: application/json.',
			'Send an API key ("Authorization: Bearer son_…"), or sign in as an admin or executive.',
			'Only admins and executives can read every action.',
			'A delivery is at most 256 KB.',
			'This connector is disabled. An admin can enable it again under Admin › Connectors.',
			'No such connector. Copy the webhook address again from Admin › Connectors.',
			'The signature does not match this connector’s secret.',
			'"done" is not a status: use planned, under_way (several separated by commas).',
			'Not found',
		]
		for (const locale of LOCALES.filter((l) => l !== 'en'))
			for (const m of messages) {
				const said = apiMessage(m, locale)
				expect(said, `${locale}: ${m}`).not.toBe(m)
				expect(said).not.toMatch(/\{\{/)
			}
		expect(apiMessage('Too many calls with this API key: at most 60 a minute. Try again in 12 s.', 'de')).toBe(
			'Zu viele Aufrufe mit diesem API-Schlüssel: höchstens 60 pro Minute. Versuchen Sie es in 12 Sekunden erneut.',
		)
		expect(apiMessage('Something a module wrote', 'de')).toBe('Something a module wrote')
	})
})
