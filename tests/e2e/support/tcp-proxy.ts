/** A TCP proxy in front of PostgreSQL that a test can cut and restore, to play a database outage. */
import net from 'node:net'

export async function startProxy(target: { host: string; port: number }, listenPort: number) {
	const sockets = new Set<net.Socket>()
	let server: net.Server | undefined
	const up = () =>
		new Promise<void>((resolve, reject) => {
			server = net.createServer((client) => {
				const upstream = net.connect(target.port, target.host)
				sockets.add(client).add(upstream)
				const drop = () => {
					client.destroy()
					upstream.destroy()
					sockets.delete(client)
					sockets.delete(upstream)
				}
				client.on('error', drop).on('close', drop)
				upstream.on('error', drop).on('close', drop)
				client.pipe(upstream).pipe(client)
			})
			server.once('error', reject)
			server.listen(listenPort, '127.0.0.1', () => resolve())
		})
	const down = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy()
			sockets.clear()
			if (!server) return resolve()
			server.close(() => resolve())
			server = undefined
		})
	return { up, down, port: listenPort }
}
