// tests/browser/lib/reporter.mjs: a node:test reporter for tests/run.
// One line per journey (ok / FAIL / skip with its reason), the failure's
// message and stack, then "N passed, N failed[, N skipped]" as the last line:
// skipped journeys count as neither passed nor failed.
import { inspect } from 'node:util';

function ms(d) {
	return d.details && d.details.duration_ms !== undefined ?
	    ` (${Math.round(d.details.duration_ms)} ms)` : '';
}

function isSuite(d) {
	return d.details && d.details.type === 'suite';
}

export default async function *reporter(source) {
	let pass = 0, fail = 0, skip = 0;

	for await (const ev of source) {
		const d = ev.data;
		switch (ev.type) {
		case 'test:pass':
			if (isSuite(d))
				break;
			if (d.skip !== undefined && d.skip !== false) {
				skip++;
				yield `skip ${d.name}: ${d.skip === true ?
				    'skipped' : d.skip}\n`;
			} else if (d.todo !== undefined && d.todo !== false) {
				skip++;
				yield `todo ${d.name}: ${d.todo}\n`;
			} else {
				pass++;
				yield `ok   ${d.name}${ms(d)}\n`;
			}
			break;
		case 'test:fail': {
			if (isSuite(d) && d.details.error &&
			    d.details.error.failureType === 'subtestsFailed')
				break;
			fail++;
			let err = d.details && d.details.error;
			if (err && err.cause)
				err = err.cause;
			yield `FAIL ${d.name}${ms(d)}\n`;
			yield inspect(err, { depth: 4 }).split('\n')
			    .map((l) => '    ' + l).join('\n') + '\n';
			break;
		}
		case 'test:stdout':
		case 'test:stderr':
			yield d.message;
			break;
		case 'test:diagnostic':
			if (d.nesting > 0)
				yield `# ${d.message}\n`;
			break;
		default:
			break;
		}
	}
	yield `${pass} passed, ${fail} failed${skip ? `, ${skip} skipped` : ''}\n`;
}
