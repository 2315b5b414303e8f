// Headless Chromium through playwright-core, for the browser tests and the docs screenshot.
// Which browser: CHROMIUM_PATH when set; else the Chromium that `npm ci` brings inside the
// devDependency @sparticuz/chromium (Linux x64), unpacked once per version into the temp folder;
// else an error saying how to provide one. A system Chromium is used only through CHROMIUM_PATH.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";

/**
 * No sandbox (root), nothing in the background that would reach for the (closed) network. Not
 * @sparticuz/chromium's own `args`: made for AWS Lambda, they include --disable-web-security, which
 * would let the cross-origin test pass without the CORS preflight it checks.
 */
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const PACKAGE = "@sparticuz/chromium";
const HOW_TO =
  `Set CHROMIUM_PATH to a Chromium or Chrome executable (e.g. CHROMIUM_PATH=/usr/bin/chromium after apt-get install chromium), ` +
  `or run npm ci on Linux x64, where the devDependency ${PACKAGE} brings one.`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), headless: true, args: ARGS, timeout: 20_000 });
}

/** The executable to launch, by the order above. */
export async function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.CHROMIUM_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH is ${given}, which does not exist. ${HOW_TO}`);
    return given;
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`No Chromium for ${process.platform} ${process.arch}: ${PACKAGE} ships Linux x64 only. ${HOW_TO}`);
  }
  const nodeModules = createRequire(import.meta.url).resolve.paths(PACKAGE)?.find((dir) => existsSync(join(dir, PACKAGE, "package.json")));
  if (!nodeModules) throw new Error(`No Chromium: ${PACKAGE} is not installed. ${HOW_TO}`);
  return unpack(nodeModules);
}

/**
 * Unpacks the package's Chromium into <tmp>/truto-chromium-<version>/ and returns its executable.
 * The package unpacks into whatever os.tmpdir() is, so a child process does it with TMPDIR set to a
 * fresh staging folder, which is then renamed into place: test files launching at the same time
 * never see a half-written binary, and a different version is never picked up.
 */
async function unpack(nodeModules: string): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(nodeModules, PACKAGE, "package.json"), "utf8")) as { version: string };
  const target = join(tmpdir(), `truto-chromium-${version}`);
  const executable = join(target, "chromium");
  if (existsSync(executable)) return executable;
  const staging = await mkdtemp(`${target}.staging-`);
  const script = `import c from "${PACKAGE}"; await c.executablePath();`;
  try {
    const options = { cwd: dirname(nodeModules), env: { ...process.env, TMPDIR: staging }, timeout: 60_000 };
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], options);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process renamed its own copy into place first: use that one.
    if (!existsSync(executable)) throw new Error(`Could not unpack ${PACKAGE} ${version} into ${target}. ${HOW_TO}`, { cause: error });
  }
  return executable;
}
