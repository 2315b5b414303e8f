// `npm run test:mutation` (StrykerJS on Node 24): mutates src/ except the mock (generated code lives
// in generated/ and is not mutated) and runs the in-process tests of vitest.mutation.config.ts.
// The report goes to reports/mutation/ (git-ignored). thresholds.break is a ratchet under the score
// reached (see below); CI fails below it. Raise it with the score, never lower it.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: ["src/**/*.ts", "!src/mock/**"],
  coverageAnalysis: "perTest",
  // Mutants in module-level constants need every test re-run (most of the run's time); they are
  // left out of the run and the score.
  ignoreStatic: true,
  concurrency: 2,
  // Later local runs re-test only what changed since reports/stryker-incremental.json (a fresh
  // clone, as in CI, has none and runs everything); --force re-tests all.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  ignorePatterns: ["dist", "docs", "reports", ".artifacts", "assets"],
  // 98.24 % measured on 2026-11-26 on a clean checkout (DECISIONS.md 43): the ratchet is two points
  // under it, because mutants that time out on one run may survive on another (a fresh clone scored
  // 1 point lower than the working tree on 2026-11-25), and a red CI on that noise would block every
  // landing. Raise it with the score, never lower it.
  // Equivalent mutants are marked where they are, with `// Stryker disable next-line <mutator>: why`.
  thresholds: { high: 95, low: 90, break: 96 },
};
