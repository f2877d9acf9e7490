import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { BackLink } from '~/components/page'
import { createCustomItem, listItems, setItemArchived } from '~/surveys/items.server'
import { DIMENSION_LABELS, KIND_LABELS } from '~/surveys/question-bank'
import { errorResponse } from '~/utils/errors'
import { requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'
import { answerKinds, dimensions } from '~db/enums'

export const meta: MetaFunction = () => [{ title: 'Question bank · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const items = await listItems(org.id, { includeArchived: true })
	return { items: items.map((i) => ({ id: i.id, dimension: i.dimension, kind: i.kind, text: i.text, reverse: i.reverse, custom: !i.key, archived: i.archived })) }
}

export async function action({ request }: ActionFunctionArgs) {
	const { org } = await requireAdmin(request)
	const form = Object.fromEntries(await request.formData())
	if (form.intent === 'archive' || form.intent === 'restore') {
		const found = await setItemArchived(org.id, requireId(String(form.itemId)), form.intent === 'archive')
		if (!found) throw errorResponse('NOT_FOUND')
		return { errors: {} as FieldErrors, done: form.intent === 'archive' ? 'Archived: it can no longer be picked (surveys using it keep it until edited).' : 'Restored.' }
	}
	const r = await createCustomItem(org.id, form)
	if (!r.ok) return data({ errors: r.errors, done: null }, { status: 400 })
	return { errors: {} as FieldErrors, done: 'Added to your bank.' }
}

export default function QuestionBank() {
	const { items } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	return (
		<>
			<BackLink to="/admin/surveys">Surveys</BackLink>
			<h1>Question bank</h1>
			<p className="muted">
				The built-in items cover the seven dimensions of a real-time mindset, eNPS and an open comment. Agree–disagree items are answered 1–5; reverse-scored ones are flipped
				before scoring. Add items of your own below.
			</p>
			<Notice>{result?.done}</Notice>
			{dimensions.map((d) => {
				const group = items.filter((i) => i.dimension === d)
				if (!group.length) return null
				return (
					<section key={d} className="card">
						<h2>{DIMENSION_LABELS[d]}</h2>
						<ul className="tree">
							{group.map((i) => (
								<li key={i.id}>
									<span style={{ flex: 1, minWidth: '14rem' }}>
										{i.archived ? <s>{i.text}</s> : i.text}
										<span className="item-meta">
											{KIND_LABELS[i.kind]}
											{i.reverse ? ' · reverse-scored' : ''}
											{i.custom ? ' · your own' : ' · built in'}
											{i.archived ? ' · archived' : ''}
										</span>
									</span>
									{i.custom ? (
										<Form method="post">
											<input type="hidden" name="itemId" value={i.id} />
											<button type="submit" name="intent" value={i.archived ? 'restore' : 'archive'} className="button button-quiet button-small">
												{i.archived ? 'Restore' : 'Archive'}
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
				<h2>Add your own item</h2>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<input type="hidden" name="intent" value="create" />
					<Field label="Text" name="text" required error={errors.text} hint="One short sentence, answerable in a few seconds on a phone." />
					<div className="form-row">
						<SelectField label="Measures" name="dimension" options={dimensions.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))} error={errors.dimension} />
						<SelectField label="Answered as" name="kind" options={answerKinds.map((k) => ({ value: k, label: KIND_LABELS[k] }))} error={errors.kind} />
					</div>
					<label className="checkbox">
						<input type="checkbox" name="reverse" /> Reverse-scored (agreeing is the bad end)
					</label>
					{errors.reverse ? <p className="field-error">{errors.reverse}</p> : null}
					<SubmitButton pendingText="Adding…">Add item</SubmitButton>
				</Form>
			</div>
		</>
	)
}
