import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { isLocale, LOCALE_NAMES } from '~/i18n/locales'
import type { AnswerKind, Dimension } from '~db/schema'

import { CharacterCount } from './character-count'

export interface PulseItemView {
	position: number
	kind: AnswerKind
	text: string
	/** The language of `text`, and whether it stands in for the reader's (not translated yet). */
	lang?: string
	fallback?: boolean
	required: boolean
	dimension: Dimension
}

/**
 * All items on one page, each a labelled group usable with the keyboard alone; a progress
 * line counts the answered items as you go. Values survive a failed submission.
 */
export function PulseForm({
	items,
	errors,
	values,
	closesLabel,
}: {
	items: PulseItemView[]
	errors: Record<string, string | undefined>
	values: Record<string, string>
	closesLabel: string
}) {
	const navigation = useNavigation()
	const { t, i18n } = useTranslation()
	const [filled, setFilled] = useState<Record<string, boolean>>(() => Object.fromEntries(items.map((i) => [`item-${i.position}`, Boolean(values[`item-${i.position}`])])))
	const done = Object.values(filled).filter(Boolean).length
	const firstError = items.find((i) => errors[`item-${i.position}`])
	return (
		<Form
			method="post"
			noValidate
			className="pulse"
			onChange={(e) => {
				const t = e.target as HTMLInputElement
				if (t.name?.startsWith('item-')) setFilled((f) => ({ ...f, [t.name]: t.value.trim() !== '' }))
			}}
		>
			{/* The language the page is in: a comment keeps it (shown only where k comments share it). */}
			<input type="hidden" name="locale" value={i18n.language} />
			<div className="pulse-progress" aria-live="polite">
				<div className="pulse-progress-bar" style={{ width: `${Math.round((done / items.length) * 100)}%` }} />
				<span>{t('pulse.progress', { done, count: items.length, closes: closesLabel })}</span>
			</div>
			{firstError ? (
				<div className="alert alert-error" role="alert">
					{t('pulse.someInvalid')}
				</div>
			) : null}
			{items.map((item, n) => {
				const name = `item-${item.position}`
				const error = errors[name]
				const errorId = error ? `${name}-error` : undefined
				const legend = (
					<>
						<span className="pulse-number">{n + 1}.</span> <span lang={item.lang}>{item.text}</span>
						{item.fallback && item.lang && isLocale(item.lang) ? (
							<span className="muted small item-fallback"> {t('pulse.notTranslated', { language: LOCALE_NAMES[item.lang] })}</span>
						) : null}
						{item.required ? (
							<span className="required">
								{' '}
								* <span className="sr-only">{t('pulse.required')}</span>
							</span>
						) : (
							<span className="muted small"> {t('pulse.optional')}</span>
						)}
					</>
				)
				return (
					<div key={item.position} className={`pulse-item${error ? ' has-error' : ''}`}>
						{item.kind === 'likert' || item.kind === 'scale10' ? (
							<fieldset aria-describedby={errorId} aria-invalid={error ? true : undefined}>
								<legend>{legend}</legend>
								<div className={item.kind === 'likert' ? 'scale scale-5' : 'scale scale-11'}>
									{(item.kind === 'likert' ? [1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).map((v) => (
										<label key={v} className="scale-option">
											<input type="radio" name={name} value={v} defaultChecked={values[name] === String(v)} required={item.required} />
											<span className="scale-value">{v}</span>
											{item.kind === 'likert' ? <span className="scale-label">{t(`pulse.likert.${v}`)}</span> : null}
										</label>
									))}
								</div>
								{item.kind === 'scale10' ? (
									<p className="scale-ends small muted" aria-hidden="true">
										<span>{t('pulse.scaleLow')}</span>
										<span>{t('pulse.scaleHigh')}</span>
									</p>
								) : null}
							</fieldset>
						) : (
							<>
								<label htmlFor={name} className="pulse-question">
									{legend}
								</label>
								{item.kind === 'text' ? (
									<>
										<TextAnswer name={name} defaultValue={values[name]} errorId={errorId} invalid={Boolean(error)} />
										{item.dimension === 'comment' ? (
											<label className="checkbox small">
												<input type="checkbox" name="replies" value="on" defaultChecked={values.replies === 'on'} />
												<span>{t('pulse.askReplies')}</span>
											</label>
										) : null}
									</>
								) : (
									<input
										id={name}
										name={name}
										type="number"
										inputMode={item.kind === 'count' ? 'numeric' : 'decimal'}
										min={0}
										step={item.kind === 'count' ? 1 : 0.5}
										defaultValue={values[name]}
										required={item.required}
										aria-describedby={errorId}
										aria-invalid={error ? true : undefined}
										className="number-input"
									/>
								)}
							</>
						)}
						{error ? (
							<p className="field-error" id={errorId}>
								{error}
							</p>
						) : null}
					</div>
				)
			})}
			<button type="submit" className="button pulse-submit" disabled={navigation.state === 'submitting'}>
				{navigation.state === 'submitting' ? t('pulse.sending') : t('pulse.send')}
			</button>
			<p className="small muted">{t('pulse.storedWithoutName')}</p>
		</Form>
	)
}

/** The same limit as the server's (LIMITS.text in pulses/answering.server.ts). */
const TEXT_MAX = 2000

/** A text answer with the count of its limit used, under the box and read with it. */
function TextAnswer({ name, defaultValue, errorId, invalid }: { name: string; defaultValue?: string; errorId?: string; invalid: boolean }) {
	const [length, setLength] = useState(defaultValue?.length ?? 0)
	const countId = `${name}-count`
	return (
		<>
			<textarea
				id={name}
				name={name}
				rows={4}
				maxLength={TEXT_MAX}
				defaultValue={defaultValue}
				onInput={(e) => setLength(e.currentTarget.value.length)}
				aria-describedby={[errorId, countId].filter(Boolean).join(' ')}
				aria-invalid={invalid ? true : undefined}
			/>
			<CharacterCount id={countId} length={length} max={TEXT_MAX} />
		</>
	)
}
