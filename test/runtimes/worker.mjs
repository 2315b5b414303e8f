// Entry of the scenario for workerd (bundled by esbuild): the config in the CONFIG binding, the result as the answer.
import { runScenario } from "./scenario.mjs";

export default {
  async fetch(_request, env) {
    return Response.json(await runScenario(env.CONFIG));
  },
};
