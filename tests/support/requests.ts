/**
 * Calling route loaders and actions the way Remix does, with a Request built here, and
 * reading what they answered whether they returned, returned `data()`, or threw a Response.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

const BASE = 'http://localhost:3000'

export function getRequest(path: string, cookie?: string) {
	return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} })
}

export function postRequest(path: string, form: Record<string, string> | FormData, cookie?: string) {
	const body = form instanceof FormData ? form : new URLSearchParams(form)
	return new Request(`${BASE}${path}`, {
		method: 'POST',
		body,
		headers: { Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
	})
}

/** An API call: a JSON body (or raw text) with a bearer key, and no Origin (API clients send none). */
export function apiRequest(path: string, options: { key?: string; body?: unknown; raw?: string; method?: string; cookie?: string } = {}) {
	const headers: Record<string, string> = {}
	if (options.key) headers.Authorization = `Bearer ${options.key}`
	if (options.cookie) headers.Cookie = options.cookie
	const hasBody = options.body !== undefined || options.raw !== undefined
	if (hasBody) headers['Content-Type'] = 'application/json'
	return new Request(`${BASE}${path}`, {
		method: options.method ?? (hasBody ? 'POST' : 'GET'),
		headers,
		body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
	})
}

export interface Answer<T = unknown> {
	status: number
	data: T
	headers: Headers
	location: string | null
}

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown

/** Runs a loader or action and normalises every way it can answer into status + data. */
export async function call<T = any>(
	handler: (args: any) => unknown,
	request: Request,
	params: Record<string, string> = {},
	context: Record<string, unknown> = {},
): Promise<Answer<T>> {
	let result: unknown
	try {
		result = await (handler as Handler)({ request, params, context } as LoaderFunctionArgs & ActionFunctionArgs)
	} catch (thrown) {
		result = thrown
		if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown
	}
	if (result instanceof Response) {
		const text = await result.text()
		let data: unknown = text
		try {
			data = JSON.parse(text)
		} catch {
			// Not JSON: the text itself is the answer.
		}
		return { status: result.status, data: data as T, headers: result.headers, location: result.headers.get('Location') }
	}
	if (isDataWithInit(result)) {
		const headers = new Headers(result.init?.headers)
		return { status: result.init?.status ?? 200, data: result.data as T, headers, location: headers.get('Location') }
	}
	return { status: 200, data: result as T, headers: new Headers(), location: null }
}

function isDataWithInit(v: unknown): v is { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null } {
	return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'DataWithResponseInit'
}
