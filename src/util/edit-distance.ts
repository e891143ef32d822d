// Levenshtein edit distance, shared by config-key suggestions (strings) and action-sequence diversity (arrays).

/** Levenshtein distance between two strings or sequences (insert, delete, substitute: cost 1). */
export function editDistance<T>(left: ArrayLike<T>, right: ArrayLike<T>): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
