// Matching two versions of a list by key, for the comparisons.

/** One key's element in the old list, the new one, or both. */
export type Pair<T> = { before: T | undefined; after: T } | { before: T; after?: undefined };

/** The new list's elements in its order (with their old match, if any), then the removed ones in the old order. */
export function pairUp<T>(before: readonly T[], after: readonly T[], key: (element: T) => string): Pair<T>[] {
  const old = new Map(before.map((element) => [key(element), element]));
  const kept = new Set(after.map(key));
  return [
    ...after.map((element) => ({ before: old.get(key(element)), after: element })),
    ...before.filter((element) => !kept.has(key(element))).map((element) => ({ before: element })),
  ];
}

/** The values of `a` that are not in `b`, in `a`'s order. */
export function difference(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((value) => !b.includes(value));
}

/** One change for the values added and one for those removed, each only when there are any. */
export function valueChanges<C>(added: string[], removed: string[], make: (added: boolean, values: string[]) => C): C[] {
  const sides: [boolean, string[]][] = [
    [true, added],
    [false, removed],
  ];
  return sides.filter(([, values]) => values.length > 0).map(([isAdded, values]) => make(isAdded, values));
}
