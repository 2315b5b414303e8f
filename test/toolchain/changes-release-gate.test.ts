// releaseVerdict (npm run changes -- <ref> --check): a breaking change needs a new major version, or
// a new minor one while the major is 0; anything else needs no bump.
import { describe, expect, it } from "vitest";
import { releaseVerdict } from "../../scripts/lib/changes/release-gate.js";

describe("releaseVerdict", () => {
  it("passes without a breaking change, bumped or not", () => {
    expect(releaseVerdict(0, "v1.2.3", "1.2.3", "1.2.3")).toEqual({ ok: true, message: "No breaking change since v1.2.3: no version bump needed (1.2.3 -> 1.2.3)." });
  });

  const bumped = (from: string, to: string, breaking = 2) => releaseVerdict(breaking, "v" + from, from, to);

  it.each([
    ["0.1.0", "0.2.0"],
    ["0.1.5", "0.2.0-beta.1"],
    ["0.9.0", "1.0.0"],
    ["1.2.3", "2.0.0"],
    ["1.2.3", "3.1.0"],
  ])("passes a breaking change from %s to %s", (from, to) => {
    expect(bumped(from, to)).toEqual({ ok: true, message: `2 breaking changes since v${from}, and the version goes from ${from} to ${to}: bumped as they need.` });
  });

  it("fails a breaking change with no bump, or a patch bump, while the major is 0, asking for the next minor", () => {
    expect(bumped("0.1.0", "0.1.0", 1)).toEqual({
      ok: false,
      message: "1 breaking change since v0.1.0, but the version goes from 0.1.0 to 0.1.0: make it 0.2.0 or later (they need a new minor version while the major is 0; list them with npm run changes -- v0.1.0).",
    });
    expect(bumped("0.1.0", "0.1.1").ok).toBe(false);
  });

  it("fails a breaking change with a minor or patch bump from 1.0.0 on, asking for the next major", () => {
    expect(bumped("1.2.3", "1.3.0")).toEqual({
      ok: false,
      message: "2 breaking changes since v1.2.3, but the version goes from 1.2.3 to 1.3.0: make it 2.0.0 or later (they need a new major version; list them with npm run changes -- v1.2.3).",
    });
    expect(bumped("1.2.3", "1.2.4").ok).toBe(false);
  });

  it("fails a version that went down", () => {
    expect(bumped("0.3.0", "0.2.9").ok).toBe(false);
    expect(bumped("2.0.0", "1.9.0").ok).toBe(false);
  });

  it("refuses a version that is not major.minor.patch", () => {
    expect(() => bumped("1.2", "2.0.0")).toThrow('"1.2" is not a semantic version (major.minor.patch)');
    expect(() => bumped("1.2.3", "undefined")).toThrow('"undefined" is not a semantic version (major.minor.patch)');
  });
});
