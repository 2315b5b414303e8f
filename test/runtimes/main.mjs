// Entry of the scenario for Node, Bun and Deno: the config in TRUTO_RUNTIME_CONFIG, the result on stdout.
import process from "node:process";
import { runScenario } from "./scenario.mjs";

console.log(JSON.stringify(await runScenario(JSON.parse(process.env.TRUTO_RUNTIME_CONFIG))));
