// `npm run changes -- <ref> --check`: a breaking change needs package.json's version bumped past
// the ref's by a major, or by a minor while the major is 0 (semver's rule for 0.y.z).

export interface Verdict {
  ok: boolean;
  /** One line saying why. */
  message: string;
}

/** `breaking`: how many breaking changes since `ref`; `from`, `to`: package.json's version at the ref and now. */
export function releaseVerdict(breaking: number, ref: string, from: string, to: string): Verdict {
  if (breaking === 0) return { ok: true, message: `No breaking change since ${ref}: no version bump needed (${from} -> ${to}).` };
  const [was, now] = [parseVersion(from), parseVersion(to)];
  const count = `${breaking} breaking ${breaking === 1 ? "change" : "changes"} since ${ref}`;
  if (was.major === 0 ? now.major > 0 || now.minor > was.minor : now.major > was.major) {
    return { ok: true, message: `${count}, and the version goes from ${from} to ${to}: bumped as they need.` };
  }
  const rule = was.major === 0 ? "a new minor version while the major is 0" : "a new major version";
  const next = was.major === 0 ? `0.${was.minor + 1}.0` : `${was.major + 1}.0.0`;
  return { ok: false, message: `${count}, but the version goes from ${from} to ${to}: make it ${next} or later (they need ${rule}; list them with npm run changes -- ${ref}).` };
}

/** The numbers of `major.minor.patch` (a pre-release or build suffix allowed and ignored). */
function parseVersion(version: string): { major: number; minor: number } {
  const match = /^(\d+)\.(\d+)\.\d+(?:[-+].*)?$/.exec(version);
  if (!match) throw new Error(`"${version}" is not a semantic version (major.minor.patch)`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}
