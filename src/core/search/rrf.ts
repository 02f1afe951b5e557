/** The usual reciprocal-rank-fusion constant: damps the gap between the first ranks. */
export const RRF_K = 60;

/** One fused result: its key, summed RRF score and which ranked lists contained it. */
export interface FusedItem<K> {
  key: K;
  score: number;
  lists: string[];
}

/**
 * Reciprocal rank fusion: each ranked list adds 1 / (RRF_K + rank) to every key it contains.
 * Keys found by several lists rise above keys found by one; order within ties keeps first-seen.
 */
export function fuseRankings<K>(lists: Record<string, readonly K[]>, weights: Record<string, number> = {}): FusedItem<K>[] {
  const fused = new Map<K, FusedItem<K>>();
  for (const [name, keys] of Object.entries(lists)) {
    const weight = weights[name] ?? 1;
    keys.forEach((key, index) => {
      const item = fused.get(key) ?? { key, score: 0, lists: [] };
      item.score += weight / (RRF_K + index + 1);
      if (!item.lists.includes(name)) item.lists.push(name);
      fused.set(key, item);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
