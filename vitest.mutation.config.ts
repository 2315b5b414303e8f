// Vitest as `npm run test:mutation` (stryker.config.mjs) runs it: the tests that exercise src/ in
// this process (test/unit, test/client, test/mock). Left out are test/toolchain (generation, lint,
// docs, types, spawned scripts) and test/slow (packing, browsers): they would not see Stryker's
// active mutant, or cost minutes per run. The fixture API's tests run src/ itself on the fixture's
// tables (vi.mock), so they count.
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
      ],
      typecheck: { enabled: false },
      // The property tests run once per mutant: 500 generated cases each instead of 10,000.
      env: { PROPERTY_RUNS: "500" },
    },
  }),
);
