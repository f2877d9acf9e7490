import { flatRoutes } from 'remix-flat-routes'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
	// Routes are read by remix-flat-routes (as the Epic Stack does), whose "+" folders group route
	// files by capability: `admin+/people._index.tsx` is the route `admin.people._index`, and a
	// `_name+` folder adds nothing to the address. Remix's own convention is off so each file is
	// read once.
	ignoredRouteFiles: ['**/*'],
	routes: async (defineRoutes) => flatRoutes('routes', defineRoutes, { ignoredRouteFiles: ['**/.*', '**/*.test.*'] }),
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
