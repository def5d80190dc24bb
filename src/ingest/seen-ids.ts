// Ingest stage: respondent ids met more than once, in 12 bytes a slot and at most two slots an id
// rather than a string and a Set entry each (a million ids: 24 MiB at most, not ~70). Written by hand: no
// maintained library keeps a set of string hashes in typed arrays; a Bloom filter would name ids
// never repeated. Each id is kept as a 53-bit hash (cyrb53); two different ids share one with a
// chance of about n² / 2⁵⁴ (5 in 100,000 for a million ids), so a repeat is reported as "appears
// again", with the line it was first met on.

/** cyrb53 (public domain, bryc): a fast 53-bit string hash, never 0 here (0 marks an empty slot). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

export interface Repeat {
  id: string;
  line: number;
  firstLine: number;
}

/** Ids seen so far; `see` counts an id met before, keeping the first few with the line each was first met on. */
export class SeenIds {
  private keys = new Float64Array(1024);
  private lines = new Int32Array(1024);
  private size = 0;
  /** How many ids appeared again, and the first few (to name in a message). */
  repeats = 0;
  readonly examples: Repeat[] = [];

  see(id: string, line: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const key = hash53(id);
    const mask = this.keys.length - 1;
    for (let slot = key % this.keys.length; ; slot = (slot + 1) & mask) {
      if (this.keys[slot] === 0) {
        this.keys[slot] = key;
        this.lines[slot] = line;
        this.size++;
        return;
      }
      if (this.keys[slot] === key) {
        this.repeats++;
        if (this.examples.length < 3) this.examples.push({ id, line, firstLine: this.lines[slot] });
        return;
      }
    }
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      let slot = keys[i] % this.keys.length;
      while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = keys[i];
      this.lines[slot] = lines[i];
    }
  }
}
