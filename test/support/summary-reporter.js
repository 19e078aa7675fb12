// Mocha's spec output, closed by the slowest top-level suites (where the suite's time goes) and the plain
// "N passed, N failed" line our CI reads.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

const SLOWEST_SHOWN = 12;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const took = [];
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent && suite.parent.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const begin = started.get(suite);
      if (begin !== undefined) took.push({ title: suite.title, seconds: (Date.now() - begin) / 1000 });
    });
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const slowest = took.sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST_SHOWN);
      const total = took.reduce((sum, t) => sum + t.seconds, 0);
      process.stdout.write(`\nslowest suites (of ${took.length}, ${total.toFixed(0)} s in all):\n`);
      for (const t of slowest) process.stdout.write(`  ${t.seconds.toFixed(1).padStart(7)} s  ${t.title}\n`);
      const skipped = pending ? `, ${pending} skipped` : "";
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = SummaryReporter;
