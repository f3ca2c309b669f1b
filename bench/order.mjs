// The order of `npm run bench`: each benchmark by name, the reports one last. It builds and drops
// about a gigabyte of academies on the shared PostgreSQL, and the server is still busy with that
// (writing back, vacuuming) for minutes after: a benchmark timed then measured that too.
import Sequencer from '@jest/test-sequencer';

const LAST = ['reports.bench.ts'];

export default class BenchOrder extends Sequencer {
  sort(tests) {
    const rank = (test) => (LAST.some((name) => test.path.endsWith(name)) ? 1 : 0);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}
