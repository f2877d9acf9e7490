/**
 * An audit event in the reader's language: its name (`admin:auditActions.*`), whom it concerned
 * and its detail lines (`admin:auditDetail.*`), from the codes and data of `detail.ts`. The result
 * is a list of parts, so a page can show what is data (names, ids, addresses: `data`) apart from
 * the words, and mark what an older version stored in English (`recorded`).
 */
import { formatNumber } from '~/i18n/format'
import { fixedT, hasMessage } from '~/i18n/i18n.server'
import { localizeIntegrationProblem } from '~/i18n/integration-problems.server'

import { auditActionLabel } from './actions'
import { type AuditLine, type AuditSubject, type AuditWord, type CodeSet } from './detail'

export interface AuditPart {
	text: string
	/** As stored: a name, an id, an address. */
	data?: true
	/** Words stored in English by an older version (or a module): shown as written, marked. */
	recorded?: true
}

const SENTINEL = '\u0000'

/** A catalogue text whose placeholders are parts: the words around them stay words, the parts keep what they are. */
function template(say: (vars: Record<string, string>) => string, values: Record<string, AuditPart[]>): AuditPart[] {
	const slots: AuditPart[][] = []
	const vars = Object.fromEntries(
		Object.entries(values).map(([name, parts]) => {
			slots.push(parts)
			return [name, `${SENTINEL}${slots.length - 1}${SENTINEL}`]
		}),
	)
	const text = say(vars)
	return text.split(new RegExp(`${SENTINEL}(\\d+)${SENTINEL}`)).flatMap((piece, i) => (i % 2 === 1 ? slots[Number(piece)]! : piece ? [{ text: piece }] : []))
}

/** The words of one locale for the audit page and its export. */
export function auditWords(locale: string) {
	const t = fixedT(locale, 'admin')
	const app = fixedT(locale, 'app')
	const reports = fixedT(locale, 'reports')
	const has = (ns: 'admin' | 'app' | 'reports', key: string) => hasMessage(locale, ns, key)
	const words = (text: string): AuditPart[] => [{ text }]
	const data = (text: string): AuditPart[] => [{ text, data: true }]

	// A stored code in words; one this version does not know stays as stored (marked when it is a sentence, not a code).
	function code(set: CodeSet, value: string): AuditPart[] {
		const v = value.replace(/[: ]/g, '_')
		const known = (ns: 'admin' | 'app' | 'reports', key: string) => has(ns, key)
		switch (set) {
			case 'role':
				if (known('app', `roles.${v}`)) return words(app(`roles.${v}`))
				break
			case 'level':
				if (known('app', `levels.${v}`)) return words(app(`levels.${v}`))
				break
			case 'channel':
				if (known('app', `channels.${v}`)) return words(app(`channels.${v}`))
				break
			case 'actionStatus':
				if (known('reports', `status.${v}`)) return words(reports(`status.${v}`))
				break
			case 'surveyStatus':
				if (known('admin', `surveys.statuses.${v}`)) return words(t(`surveys.statuses.${v}`))
				break
			case 'dimension':
				if (known('admin', `dimensions.${v}`)) return words(t(`dimensions.${v}`))
				break
			case 'action':
				if (known('admin', `auditActions.${value}`)) return words(t(`auditActions.${value}`))
				break
			case 'shareMode':
				if (['release', 'delay', 'never'].includes(v)) return words(t(`share.${v}`))
				break
			default:
				if (known('admin', `auditDetail.values.${set}.${v}`)) return words(t(`auditDetail.values.${set}.${v}`))
		}
		return /\s/.test(value) ? [{ text: value, recorded: true }] : data(value)
	}

	function say(w: AuditWord): AuditPart[] {
		switch (w.kind) {
			case 'data':
				return data(w.text)
			case 'number':
				return data(formatNumber(w.value, locale))
			case 'none':
				return words(t('auditDetail.none'))
			case 'all':
				return words(t('auditDetail.all'))
			case 'yes':
				return words(t('auditDetail.yes'))
			case 'no':
				return words(t('auditDetail.no'))
			case 'code':
				return code(w.set, w.code)
			case 'period':
				return template((v) => t('auditDetail.period', v), { from: say(w.from), to: say(w.to) })
			case 'list':
				return w.items.flatMap((item, i) => (i === 0 ? say(item) : [{ text: t('auditDetail.listSeparator') }, ...say(item)]))
			case 'fields':
				return w.items.flatMap((item, i) => [
					...(i === 0 ? [] : [{ text: t('auditDetail.listSeparator') }]),
					...template((v) => t('auditDetail.pair', v), { field: label([item.field]), value: say(item.value) }),
				])
			case 'message': {
				// The identity modules' outcome messages, through the integration pages' own patterns.
				const said = localizeIntegrationProblem(locale, w.text)
				return said !== w.text || locale === 'en' ? words(said) : [{ text: w.text, recorded: true }]
			}
			case 'recorded':
				return [{ text: w.text, recorded: true }]
		}
	}

	/** "Weights · Decision autonomy": each stored key in words, a key this version does not know as stored. */
	function label(fields: string[]): AuditPart[] {
		return fields
			.map((field, i): AuditPart[] => {
				if (fields[i - 1] === 'weights' && has('admin', `dimensions.${field}`)) return words(t(`dimensions.${field}`))
				return has('admin', `auditDetail.fields.${field}`) ? words(t(`auditDetail.fields.${field}`)) : data(field)
			})
			.reduce((path, part) => (path.length ? template((v) => t('auditDetail.path', v), { parent: path, child: part }) : part), [] as AuditPart[])
	}

	function line(l: AuditLine): AuditPart[] {
		return 'value' in l
			? template((v) => t('auditDetail.pair', v), { field: label(l.fields), value: say(l.value) })
			: template((v) => t('auditDetail.change', v), { field: label(l.fields), before: say(l.before), after: say(l.after) })
	}

	function subject(s: AuditSubject): AuditPart[] {
		switch (s.kind) {
			case 'word':
				return say(s.word)
			case 'connector':
				return template((v) => t('auditDetail.subject.connector', v), { tool: say(s.tool), name: say(s.name), id: say(s.id) })
			case 'mapping':
				return template((v) => t('auditDetail.subject.mapping', v), {
					name: say(s.name),
					source: say(s.source),
					team: s.team.kind === 'none' ? words(t('auditDetail.noTeam')) : say(s.team),
				})
			case 'backfill':
				return template((v) => t('auditDetail.subject.backfill', v), { tool: say(s.tool), name: say(s.name), since: say(s.since), address: say(s.address) })
			case 'apiKey':
				return template((v) => t('auditDetail.subject.apiKey', v), { name: say(s.name), id: say(s.id) })
			case 'erased':
				return words(t('auditDetail.subject.erased'))
		}
	}

	return {
		/** An event's name; a code this version does not know reads as words of its own. */
		action: (code: string) => (has('admin', `auditActions.${code}`) ? t(`auditActions.${code}`) : auditActionLabel(code)),
		line,
		subject,
		erasedPerson: () => t('audit.erasedPerson'),
		/** Parts as plain text (the CSV export): what was stored in English is marked in words. */
		text: (parts: AuditPart[]) => parts.map((p) => (p.recorded ? t('auditDetail.recorded', { text: p.text }) : p.text)).join(''),
	}
}

export type AuditWords = ReturnType<typeof auditWords>
