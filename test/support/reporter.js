// Mocha's dot reporter plus a plain closing line ("N passed, N failed, N skipped") that CI
// systems read without knowing mocha's own summary format.
const Mocha = require("mocha");

const { EVENT_RUN_END } = Mocha.Runner.constants;

class DotWithSummary extends Mocha.reporters.Dot {
    constructor(runner, options) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const s = runner.stats;
            process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
        });
    }
}

module.exports = DotWithSummary;
