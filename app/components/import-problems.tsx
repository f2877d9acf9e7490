import { TableScroll } from './page'

/** The "nothing was imported" panel shared by every CSV import: one row per problem, by line. */
export function ImportProblems({ problems, more }: { problems: { line: number; column?: string | null; message: string }[]; more: number }) {
	return (
		<div className="alert alert-error" role="alert">
			<strong>Nothing was imported.</strong> Fix these problems and upload the file again:
			<TableScroll label="Problems by line" style={{ marginTop: '0.6rem' }}>
				<table>
					<thead>
						<tr>
							<th scope="col" className="num">
								Line
							</th>
							<th scope="col">Column</th>
							<th scope="col">Problem</th>
						</tr>
					</thead>
					<tbody>
						{problems.map((p, i) => (
							<tr key={i}>
								<td className="num">{p.line || '—'}</td>
								<td>{p.column || '—'}</td>
								<td>{p.message}</td>
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
			{more ? <p>…and {more.toLocaleString('en')} more.</p> : null}
		</div>
	)
}
