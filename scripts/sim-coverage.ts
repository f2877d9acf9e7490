/**
 * `npm run sim:coverage [-- --replicates 2000]`: the coverage of the progress interval and the
 * rate of progress sentences when nothing changed, for 5, 8, 12 and 30 teams of unequal sizes,
 * and of an action's effect with weekly autocorrelation 0 to 0.9 (scripts/sim/coverage.ts). Seeded: the same table every run. Prints a Markdown table for
 * docs/METHOD.md.
 */
import { actionCoverage, controlCoverage, driverCoverage, driverTruth, progressCoverage, weekOverWeekCoverage } from './sim/coverage'

const arg = process.argv.indexOf('--replicates')
const replicates = arg > 0 ? Number(process.argv[arg + 1]) : 2000
if (!Number.isInteger(replicates) || replicates < 1) throw new Error('--replicates takes a whole number ≥ 1')

const pct = (x: number) => x.toFixed(3)
console.log(`Progress, nothing changed: ${replicates} organisations per row (seed state-of-now/sim-coverage/v1/<teams>).\n`)
console.log(
	'| teams | 95% interval covers (CR2, Bell–McCaffrey df) | mean df | CR1 on G − 1 df (before) | any "improved/fell most" sentence | without multiplicity control | "Moved most" says "more than chance" | the same on each dimension\'s 95% (before) |',
)
console.log('|---|---|---|---|---|---|---|---|')
for (const teams of [5, 8, 12, 30]) {
	const r = progressCoverage({ teams, replicates, seed: `state-of-now/sim-coverage/v1/${teams}` })
	console.log(
		`| ${teams} | ${pct(r.coverage)} | ${r.meanDf.toFixed(1)} | ${pct(r.coverageCr1)} | ${pct(r.nullSentences)} | ${pct(r.nullSentencesUncontrolled)} | ${pct(r.nullMovedMost)} | ${pct(r.nullMovedMostUncontrolled)} |`,
	)
}

console.log(
	`\nAn action's effect, nothing changed: ${replicates} replicates per cell. "Weeks as clusters" (one team of 8, 4 weeks before and 8 since) is what the product did before;`,
)
console.log('the product now measures against control teams (the action team against the other teams of an organisation of 6, 12 or 30 teams of unequal sizes).\n')
console.log(
	'| weekly autocorrelation of the team’s mood | weeks as clusters (before) | 6 teams (5 controls) | 12 teams (11 controls) | 30 teams (29 controls) | 6 teams, 2 weeks before and 2 since |',
)
console.log('|---|---|---|---|---|---|')
for (const autocorrelation of [0, 0.3, 0.6, 0.9]) {
	const r = actionCoverage({ autocorrelation, replicates, seed: `state-of-now/sim-coverage/v1/action/${autocorrelation}` })
	const c = [6, 12, 30].map((teams) => controlCoverage({ teams, autocorrelation, replicates, seed: `state-of-now/sim-coverage/v1/controls/${teams}/${autocorrelation}` }))
	const short = controlCoverage({ teams: 6, autocorrelation, replicates, before: 2, since: 2, seed: `state-of-now/sim-coverage/v1/controls/6/short/${autocorrelation}` })
	console.log(`| ${autocorrelation} | ${pct(r.coverage)} | ${c.map((x) => pct(x.coverage)).join(' | ')} | ${pct(short.coverage)} |`)
}

console.log(
	`\nThe digests' week-over-week interval (Welch), nothing changed: a group of G teams, the same people answering two weeks with probability 0.75 each; ${replicates} replicates per row.\n`,
)
console.log('| teams in the group | 95% interval covers |')
console.log('|---|---|')
for (const teams of [1, 3, 8, 30]) {
	const r = weekOverWeekCoverage({ teams, replicates, seed: `state-of-now/sim-coverage/v1/week-over-week/${teams}` })
	console.log(`| ${teams} | ${pct(r.coverage)} |`)
}

console.log(
	`\nWhat matters most (drivers), one released week of a group of G teams of the sizes above: autonomy's importance (Spearman's ρ) for eNPS and for the culture index of the other dimensions; true ρ ${driverTruth('enps').toFixed(3)} and ${driverTruth('culture').toFixed(3)} (1000 organisations pooled); ${replicates} groups per row, of which those with 30 respondents and 5 teams get an interval.\n`,
)
console.log('| teams in the group | outcome | groups with an interval | 95% interval covers (teams: jackknife, t on G − 1 df) | Bonett–Wright, people independent (before) |')
console.log('|---|---|---|---|---|')
for (const teams of [5, 8, 12, 30])
	for (const outcome of ['enps', 'culture'] as const) {
		const r = driverCoverage({ teams, outcome, replicates, seed: `state-of-now/sim-coverage/v1/drivers/${teams}/${outcome}` })
		console.log(`| ${teams} | ${outcome === 'enps' ? 'eNPS' : 'culture index'} | ${pct(r.measured)} | ${pct(r.coverage)} | ${pct(r.coverageIndependent)} |`)
	}
