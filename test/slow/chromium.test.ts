// scripts/lib/chromium.ts: which Chromium the browser tests launch, and the error when there is none.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumExecutable } from "../../scripts/lib/chromium.js";

describe("chromiumExecutable", () => {
  it("takes CHROMIUM_PATH first, as given", async () => {
    expect(await chromiumExecutable({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it("refuses a CHROMIUM_PATH that does not exist, saying how to provide a browser", async () => {
    await expect(chromiumExecutable({ CHROMIUM_PATH: "/nonexistent/chromium" })).rejects.toThrow(
      "CHROMIUM_PATH is /nonexistent/chromium, which does not exist. Set CHROMIUM_PATH to a Chromium or Chrome executable " +
        "(e.g. CHROMIUM_PATH=/usr/bin/chromium after apt-get install chromium), or run npm ci on Linux x64, where the devDependency @sparticuz/chromium brings one.",
    );
  });

  it("without CHROMIUM_PATH, unpacks the Chromium of @sparticuz/chromium into the temp folder, never a system one", async () => {
    const { version } = JSON.parse(readFileSync("node_modules/@sparticuz/chromium/package.json", "utf8"));
    expect(await chromiumExecutable({})).toBe(join(tmpdir(), `truto-chromium-${version}`, "chromium"));
  }, 60_000);
});
