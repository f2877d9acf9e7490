/**
 * The webhook route's plumbing: the raw body read with a byte limit (the signature is over the
 * exact bytes, so nothing may parse or re-encode them first) and JSON answers.
 */
import { json, jsonError } from '~/api/api-http.server'

import { findConnector, MAX_DELIVERY_BYTES, NOT_FOUND, receiveDelivery } from './receive.server'

const tooLarge = () => jsonError('TOO_LARGE', `A delivery is at most ${MAX_DELIVERY_BYTES / 1024} KB.`)

/** The raw bytes, or null when over the limit (stops reading as soon as it is exceeded). */
export async function readRaw(request: Request, maxBytes: number): Promise<Buffer | null> {
	if (Number(request.headers.get('Content-Length') ?? 0) > maxBytes) return null
	if (!request.body) return Buffer.alloc(0)
	const chunks: Uint8Array[] = []
	let size = 0
	const reader = request.body.getReader()
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		size += value.byteLength
		if (size > maxBytes) {
			await reader.cancel()
			return null
		}
		chunks.push(value)
	}
	return Buffer.concat(chunks)
}

/** POST /api/v1/hooks/:orgSlug/:connectorId */
export async function handleWebhook(request: Request, orgSlug: string, connectorId: string): Promise<Response> {
	// The size first: an oversized body is refused before it costs a database lookup.
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_DELIVERY_BYTES) return tooLarge()
	const connector = await findConnector(orgSlug, connectorId)
	if (!connector) return json(NOT_FOUND.body, NOT_FOUND.status)
	const body = await readRaw(request, MAX_DELIVERY_BYTES)
	if (!body) return tooLarge()
	const answer = await receiveDelivery(connector, request.headers, body)
	return json(answer.body, answer.status)
}
