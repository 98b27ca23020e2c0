/**
 * The `gankit` command as a library: `main(argv, io)` runs a command line and returns its exit code.
 * @packageDocumentation
 */
export { main, mainHelp } from './main.js';
export { markdownReport, htmlReport, type BenchResults, type RunSummary } from './report.js';
