// Vitest as `npm run test:mutation` (stryker.config.json) runs it: the tests that exercise src/ in
// this process. Left out are those that build, pack, spawn scripts, copy src/ or open a browser (they
// would not see Stryker's active mutant, or cost minutes per run) and the type tests. The fixture
// API's tests run src/ itself on the fixture's tables (vi.mock), so they count.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        ...configDefaults.exclude,
        "test/slow/**",
        "test/toolchain/**",
        "test/mock/mock.test.ts",
        "test/mock/test-server-helper.test.ts",
      ],
      typecheck: { enabled: false },
      // The property tests run once per mutant: 500 generated cases each instead of 10,000.
      env: { PROPERTY_RUNS: "500" },
    },
  }),
);
