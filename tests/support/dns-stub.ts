/**
 * A DNS server on loopback answering TXT questions from a table the test fills in (anything else:
 * NXDOMAIN), and a node resolver pointed at it: domain verification is tested through the real
 * DNS client, without the network.
 */
import { createSocket } from 'node:dgram'
import { Resolver } from 'node:dns/promises'
import type { AddressInfo } from 'node:net'

export interface DnsStub {
	txt: Map<string, string[]>
	resolver: Resolver
	close(): Promise<void>
}

export async function startDnsStub(): Promise<DnsStub> {
	const txt = new Map<string, string[]>()
	const socket = createSocket('udp4')
	socket.on('message', (query, peer) => {
		// The question: labels from byte 12, then QTYPE and QCLASS.
		const labels: string[] = []
		let i = 12
		while (query[i]! > 0) {
			labels.push(query.subarray(i + 1, i + 1 + query[i]!).toString('ascii'))
			i += query[i]! + 1
		}
		const questionEnd = i + 5
		const qtype = query.readUInt16BE(i + 1)
		const values = qtype === 16 ? (txt.get(labels.join('.').toLowerCase()) ?? []) : []
		const header = Buffer.alloc(12)
		query.copy(header, 0, 0, 2)
		header.writeUInt16BE(values.length ? 0x8180 : 0x8183, 2)
		header.writeUInt16BE(1, 4)
		header.writeUInt16BE(values.length, 6)
		const answers = values.map((value) => {
			const text = Buffer.from(value, 'utf8')
			const rdata = Buffer.concat([Buffer.from([text.length]), text])
			const rr = Buffer.alloc(12)
			rr.writeUInt16BE(0xc00c, 0)
			rr.writeUInt16BE(16, 2)
			rr.writeUInt16BE(1, 4)
			rr.writeUInt32BE(60, 6)
			rr.writeUInt16BE(rdata.length, 10)
			return Buffer.concat([rr, rdata])
		})
		socket.send(Buffer.concat([header, query.subarray(12, questionEnd), ...answers]), peer.port, peer.address)
	})
	await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
	const resolver = new Resolver({ timeout: 2000, tries: 2 })
	resolver.setServers([`127.0.0.1:${(socket.address() as AddressInfo).port}`])
	return { txt, resolver, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) }
}
