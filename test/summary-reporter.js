// Prints one plain closing line, "jest: N passed, N failed[, N skipped]", after jest's own summary, so any tool that
// reads the last line of a test run (CI logs, scripts) gets the counts without parsing jest's table.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${failed} failed${tail}\n`);
  }
}

module.exports = PlainSummaryReporter;
