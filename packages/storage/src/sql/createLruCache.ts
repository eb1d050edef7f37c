export interface LruCache<K, V> {
  get(key: K): V | undefined
  set(key: K, value: V): void
  readonly size: number
}

/**
 * A bounded map that forgets the least recently used entry first. A Map keeps insertion order,
 * so re-inserting on every hit is all the bookkeeping needed.
 */
export function createLruCache<K, V>(max: number): LruCache<K, V> {
  const entries = new Map<K, V>()
  return {
    get(key) {
      const value = entries.get(key)
      if (value !== undefined) {
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set(key, value) {
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > max) {
        const oldest = entries.keys().next()
        if (!oldest.done) entries.delete(oldest.value)
      }
    },
    get size() {
      return entries.size
    },
  }
}
