/**
 * The seeded records of one object ordered by modifieddate, so that a query bounded below on
 * modifieddate (a sync's "changed since") reads only the records at or after the bound instead of
 * generating all of them. Built on first use from the seeded times alone (no full rows), kept for the
 * life of the simulator: records written since start-up are tracked apart by the simulator.
 */
export class ModifiedIndex {
  private readonly size: number;
  private readonly seededSec: (key: number) => number;
  private readonly format: (sec: number) => string;
  private keys: Uint32Array | undefined;
  private secs: Float64Array | undefined;
  private texts: string[] | undefined;

  constructor(size: number, seededSec: (key: number) => number, format: (sec: number) => string) {
    this.size = size;
    this.seededSec = seededSec;
    this.format = format;
  }

  private build(): { keys: Uint32Array; secs: Float64Array; texts: string[] } {
    if (this.keys && this.secs && this.texts) return { keys: this.keys, secs: this.secs, texts: this.texts };
    const bySec = new Float64Array(this.size + 1);
    for (let key = 1; key <= this.size; key++) bySec[key] = this.seededSec(key);
    const keys = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) keys[i] = i + 1;
    keys.sort((a, b) => (bySec[a] as number) - (bySec[b] as number) || a - b);
    const secs = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) secs[i] = bySec[keys[i] as number] as number;
    // The API's text of each time, made once: tests of q compare these strings.
    const texts: string[] = new Array<string>(this.size);
    for (let i = 0; i < this.size; i++) {
      const s = secs[i] as number;
      texts[i] = i > 0 && secs[i - 1] === s ? (texts[i - 1] as string) : this.format(s);
    }
    this.keys = keys;
    this.secs = secs;
    this.texts = texts;
    return { keys, secs, texts };
  }

  /** How many seeded keys the index holds. */
  get length(): number {
    return this.size;
  }

  /** The position of the first seeded key whose modifieddate is at or after `sec` (or after it: `strict`). */
  position(sec: number, strict = false): number {
    const { secs } = this.build();
    let lo = 0;
    let hi = secs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = secs[mid] as number;
      if (s < sec || (strict && s === sec)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Seeded keys from a position on, in (modifieddate, key) order, with their modifieddate text. */
  *entriesAt(start: number, end = this.size): Generator<[number, string]> {
    const { keys, texts } = this.build();
    for (let i = start; i < end; i++) yield [keys[i] as number, texts[i] as string];
  }

  /** Seeded keys whose seeded modifieddate is at or after `sec`, oldest first, with that modifieddate. */
  entriesFrom(sec: number): Generator<[number, string]> {
    return this.entriesAt(this.position(sec));
  }
}
