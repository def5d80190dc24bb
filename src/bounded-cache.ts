// A Map that forgets its oldest entries beyond a limit, so a cache kept for a whole process cannot grow
// with the build (text widths and layouts, line-break units, prepared and compiled chart specs, kept
// answers). Insertion order is Map's own, so the oldest entry is the first key.
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }
}
