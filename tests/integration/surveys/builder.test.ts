import { describe, expect, test } from 'vitest'

import { openWaveNow } from '~/pulses/waves.server'
import { createCustomItem, listItems, setItemArchived } from '~/surveys/items.server'
import { listSurveys, saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'

useTestDatabase()

async function setUp() {
	const org = await makeOrg()
	await makeUser(org.id, { password: null })
	const bank = await listItems(org.id)
	const id = (key: string) => bank.find((b) => b.key === key)!.id
	const form = (over: Record<string, unknown> = {}) => ({
		name: 'Pulse',
		itemIds: [id('autonomy.resolve'), id('speed.hours'), id('voice.reaches')],
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
		...over,
	})
	return { org, id, form }
}

describe('survey builder', () => {
	test('each rule of the builder answers with its own message and stores nothing', async () => {
		const { org, id, form } = await setUp()
		const cases: [Record<string, unknown>, string, string][] = [
			[{ itemIds: [id('autonomy.resolve')] }, 'itemIds', 'A pulse has at least 3 items: pick 3 to 8.'],
			[{ cadence: 'weekly', openDays: '9' }, 'openDays', 'A weekly pulse stays open at most 7 days, so waves never overlap.'],
			[{ reminderDaysBeforeClose: '3' }, 'reminderDaysBeforeClose', 'The reminder must go out after the wave opens: use fewer days than it stays open (0 for none).'],
			[{ audience: 'teams', teamIds: [] }, 'teamIds', 'Pick at least one team, or send it to everyone.'],
			[{ anonymityK: '2' }, 'anonymityK', 'The threshold is never below 3: smaller groups make answers guessable.'],
			[{ sendTime: '25:00' }, 'sendTime', 'Enter a time as HH:MM, e.g. 09:00.'],
		]
		for (const [over, field, message] of cases) {
			const r = await saveSurvey(org.id, null, form(over))
			expect(r, field).toMatchObject({ ok: false, errors: { [field]: message } })
		}
		expect(await listSurveys(org.id)).toEqual([])
	})

	test('archived items cannot be picked, and built-in items cannot be archived', async () => {
		const { org, id, form } = await setUp()
		const own = await createCustomItem(org.id, { dimension: 'autonomy', kind: 'likert', text: 'I can change a delivery date for a customer myself.' })
		if (!own.ok) throw new Error('item')
		expect(await setItemArchived(org.id, own.value.id, true)).toBe(true)
		const r = await saveSurvey(org.id, null, form({ itemIds: [own.value.id, id('speed.hours'), id('voice.reaches')] }))
		expect(r).toMatchObject({ ok: false, errors: { itemIds: 'Some picked items were archived from the bank; pick others.' } })
		expect(await setItemArchived(org.id, id('speed.hours'), true)).toBe(false)
	})

	test('own items follow the rules of their kind', async () => {
		const { org } = await setUp()
		expect(await createCustomItem(org.id, { dimension: 'speed', kind: 'hours', text: 'How many hours did your last reply take?', reverse: 'on' })).toMatchObject({
			ok: false,
			errors: { reverse: 'Only agree–disagree items can be reverse-scored.' },
		})
		expect(await createCustomItem(org.id, { dimension: 'speed', kind: 'text', text: 'What slows your replies down most?' })).toMatchObject({
			ok: false,
			errors: { kind: 'Free-text items belong to the "Open comment" group.' },
		})
		expect(await createCustomItem(org.id, { dimension: 'speed', kind: 'likert', text: 'short' })).toMatchObject({
			ok: false,
			errors: { text: expect.stringContaining('at least 10') },
		})
	})

	test('"send now" opens this period\'s wave once, and only for an active survey', async () => {
		const { org, form } = await setUp()
		const saved = await saveSurvey(org.id, null, form())
		if (!saved.ok) throw new Error('survey')
		expect(await openWaveNow(org.id, saved.value.id)).toMatchObject({ ok: false, errors: { _form: 'Activate the survey first.' } })
		await setSurveyStatus(org.id, saved.value.id, 'active')
		expect((await openWaveNow(org.id, saved.value.id)).ok).toBe(true)
		expect(await openWaveNow(org.id, saved.value.id)).toMatchObject({ ok: false, errors: { _form: expect.stringContaining('has already been sent') } })
		expect(await setSurveyStatus(org.id, saved.value.id, 'draft')).toMatchObject({ ok: false, errors: { _form: 'An active survey cannot become draft.' } })
		expect((await setSurveyStatus(org.id, saved.value.id, 'archived')).ok).toBe(true)
		expect(await saveSurvey(org.id, saved.value.id, form())).toMatchObject({ ok: false, errors: { _form: 'An archived survey cannot be changed.' } })
	})
})
