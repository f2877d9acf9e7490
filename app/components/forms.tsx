import { useNavigation } from '@remix-run/react'
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react'
import { useTranslation } from 'react-i18next'

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
	label: string
	name: string
	error?: string
	hint?: ReactNode
}

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function Field({ label, name, error, hint, id, type = 'text', ...input }: FieldProps) {
	const auto = useId()
	const inputId = id ?? `${auto}-${name}`
	const hintId = hint ? `${inputId}-hint` : undefined
	const errorId = error ? `${inputId}-error` : undefined
	return (
		<div className={`field${error ? ' has-error' : ''}`}>
			<label htmlFor={inputId}>
				{label}
				{input.required ? (
					<span className="required" aria-hidden="true">
						{' '}
						*
					</span>
				) : null}
			</label>
			{hint ? (
				<p className="hint" id={hintId}>
					{hint}
				</p>
			) : null}
			<input id={inputId} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...input} />
			{error ? (
				<p className="field-error" id={errorId}>
					{error}
				</p>
			) : null}
		</div>
	)
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
	label: string
	name: string
	error?: string
	hint?: ReactNode
}

/** A labelled text area, its hint and error tied to it as `Field` does for an input. */
export function TextAreaField({ label, name, error, hint, id, ...area }: TextAreaProps) {
	const auto = useId()
	const areaId = id ?? `${auto}-${name}`
	const hintId = hint ? `${areaId}-hint` : undefined
	const errorId = error ? `${areaId}-error` : undefined
	return (
		<div className={`field${error ? ' has-error' : ''}`}>
			<label htmlFor={areaId}>{label}</label>
			{hint ? (
				<p className="hint" id={hintId}>
					{hint}
				</p>
			) : null}
			<textarea id={areaId} name={name} aria-invalid={error ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...area} />
			{error ? (
				<p className="field-error" id={errorId}>
					{error}
				</p>
			) : null}
		</div>
	)
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
	label: string
	name: string
	error?: string
	options: { value: string; label: string }[]
	placeholder?: string
}

export function SelectField({ label, name, error, options, placeholder, id, ...select }: SelectProps) {
	const auto = useId()
	const selectId = id ?? `${auto}-${name}`
	const errorId = error ? `${selectId}-error` : undefined
	return (
		<div className={`field${error ? ' has-error' : ''}`}>
			<label htmlFor={selectId}>{label}</label>
			<select id={selectId} name={name} aria-invalid={error ? true : undefined} aria-describedby={errorId} {...select}>
				{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
			{error ? (
				<p className="field-error" id={errorId}>
					{error}
				</p>
			) : null}
		</div>
	)
}

export function FormError({ error }: { error?: string }) {
	if (!error) return null
	return (
		<div className="alert alert-error" role="alert">
			{error}
		</div>
	)
}

/** A submit button that says it is working while its form is being sent. */
export function SubmitButton({
	children,
	pendingText,
	className = 'button',
	...rest
}: {
	children: ReactNode
	pendingText?: string
	className?: string
	name?: string
	value?: string
}) {
	const navigation = useNavigation()
	const { t } = useTranslation()
	const pending = navigation.state === 'submitting' && (rest.name === undefined || navigation.formData?.get(rest.name) === rest.value)
	return (
		<button type="submit" className={className} disabled={pending} aria-busy={pending || undefined} {...rest}>
			{pending ? (pendingText ?? t('forms.working')) : children}
		</button>
	)
}

/** The confirmation shown after an action succeeded, announced to screen readers; nothing when there is none. */
export function Notice({ children }: { children: ReactNode }) {
	if (children === null || children === undefined || children === false || children === '') return null
	return (
		<div className="alert alert-ok" role="status">
			{children}
		</div>
	)
}
