import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { BackLink } from '~/components/page'
import { bankText, localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { type Locale, LOCALE_NAMES, LOCALES } from '~/i18n/locales'
import { createCustomItem, listItems, setItemArchived, setItemTranslations } from '~/surveys/items.server'
import { errorResponse } from '~/utils/errors'
import { requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'
import { answerKinds, dimensions } from '~db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('items.title')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const items = await listItems(org.id, { includeArchived: true })
	return {
		orgLocale: org.locale,
		items: items.map((i) => ({
			id: i.id,
			dimension: i.dimension,
			kind: i.kind,
			text: bankText(locale, i),
			reverse: i.reverse,
			custom: !i.key,
			archived: i.archived,
			translations: i.translations,
		})),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	const form = Object.fromEntries(await request.formData())
	if (form.intent === 'translate') {
		const r = await setItemTranslations(org.id, requireId(String(form.itemId)), form)
		if (!r) throw errorResponse('NOT_FOUND')
		if (!r.ok) return data({ errors: localizeAdminProblems(locale, r.errors), done: null, itemId: String(form.itemId) }, { status: 400 })
		return { errors: {} as FieldErrors, done: t('items.translationsSaved', { count: Object.keys(r.value).length }) }
	}
	if (form.intent === 'archive' || form.intent === 'restore') {
		const found = await setItemArchived(org.id, requireId(String(form.itemId)), form.intent === 'archive')
		if (!found) throw errorResponse('NOT_FOUND')
		return { errors: {} as FieldErrors, done: form.intent === 'archive' ? t('items.archived') : t('items.restored') }
	}
	const r = await createCustomItem(org.id, form)
	if (!r.ok) return data({ errors: localizeAdminProblems(locale, r.errors), done: null }, { status: 400 })
	return { errors: {} as FieldErrors, done: t('items.added') }
}

export default function QuestionBank() {
	const { items, orgLocale } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const { t } = useTranslation('admin')
	return (
		<>
			<BackLink to="/admin/surveys">{t('surveys.title')}</BackLink>
			<h1>{t('items.title')}</h1>
			<p className="muted">{t('items.intro')}</p>
			<Notice>{result?.done}</Notice>
			{dimensions.map((d) => {
				const group = items.filter((i) => i.dimension === d)
				if (!group.length) return null
				return (
					<section key={d} className="card">
						<h2>{t(`dimensions.${d}`)}</h2>
						<ul className="tree">
							{group.map((i) => (
								<li key={i.id}>
									<span style={{ flex: 1, minWidth: '14rem' }}>
										{i.archived ? <s>{i.text}</s> : i.text}
										<span className="item-meta">
											{t(`kinds.${i.kind}`)}
											{i.reverse ? ` · ${t('items.reverseScored')}` : ''}
											{i.custom ? ` · ${t('items.yourOwn')}` : ` · ${t('items.builtIn')}`}
											{i.archived ? ` · ${t('items.archivedMark')}` : ''}
										</span>
									</span>
									{i.custom ? (
										<details style={{ flexBasis: '100%' }}>
											<summary className="small">
												{t('items.translations', {
													done: Object.keys(i.translations).length,
													of: LOCALES.length - 1,
													language: LOCALE_NAMES[orgLocale as Locale] ?? orgLocale,
												})}
											</summary>
											<Form method="post">
												<input type="hidden" name="itemId" value={i.id} />
												{LOCALES.filter((l) => l !== orgLocale).map((l) => (
													<Field key={l} label={LOCALE_NAMES[l]} name={`text_${l}`} lang={l} defaultValue={i.translations[l] ?? ''} error={errors[`text_${l}`]} />
												))}
												<button type="submit" name="intent" value="translate" className="button button-small">
													{t('items.saveTranslations')}
												</button>
											</Form>
										</details>
									) : null}
									{i.custom ? (
										<Form method="post">
											<input type="hidden" name="itemId" value={i.id} />
											<button type="submit" name="intent" value={i.archived ? 'restore' : 'archive'} className="button button-quiet button-small">
												{i.archived ? t('items.restore') : t('survey.archive')}
											</button>
										</Form>
									) : null}
								</li>
							))}
						</ul>
					</section>
				)
			})}
			<div className="card">
				<h2>{t('items.addTitle')}</h2>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<input type="hidden" name="intent" value="create" />
					<Field label={t('items.text')} name="text" required error={errors.text} hint={t('items.textHint')} />
					<div className="form-row">
						<SelectField label={t('items.measures')} name="dimension" options={dimensions.map((d) => ({ value: d, label: t(`dimensions.${d}`) }))} error={errors.dimension} />
						<SelectField label={t('items.answeredAs')} name="kind" options={answerKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} error={errors.kind} />
					</div>
					<label className="checkbox">
						<input type="checkbox" name="reverse" /> {t('items.reverseLabel')}
					</label>
					{errors.reverse ? <p className="field-error">{errors.reverse}</p> : null}
					<SubmitButton pendingText={t('teams.adding')}>{t('items.addSubmit')}</SubmitButton>
				</Form>
			</div>
		</>
	)
}
