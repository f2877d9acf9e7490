/** @type {import('@remix-run/dev').AppConfig} */
export default {
	ignoredRouteFiles: ['**/.*', '**/*.test.*'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	// Packages with native code or wasm stay in node_modules and load at run time.
	serverDependenciesToBundle: [],
	watchPaths: ['./db/**/*'],
	// Every v3 flag the classic compiler knows. (v3_routeConfig and v3_optimizeDeps exist only
	// under Vite: the classic compiler throws on the first and ignores the second.)
	future: {
		v3_fetcherPersist: true,
		v3_relativeSplatPath: true,
		v3_throwAbortReason: true,
		v3_singleFetch: true,
		v3_lazyRouteDiscovery: true,
	},
}
