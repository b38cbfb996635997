/**
 * The seeded records of one object ordered by modifieddate, so that a query bounded below on
 * modifieddate (a sync's "changed since") reads only the records at or after the bound instead of
 * generating all of them. Built on first use from the seeded times alone (no full rows), kept for the
 * life of the simulator: records written since start-up are tracked apart by the simulator.
 */
export class ModifiedIndex {
  private readonly size: number;
  private readonly seededSec: (key: number) => number;
  private keys: Uint32Array | undefined;
  private secs: Float64Array | undefined;

  constructor(size: number, seededSec: (key: number) => number) {
    this.size = size;
    this.seededSec = seededSec;
  }

  private build(): { keys: Uint32Array; secs: Float64Array } {
    if (this.keys && this.secs) return { keys: this.keys, secs: this.secs };
    const bySec = new Float64Array(this.size + 1);
    for (let key = 1; key <= this.size; key++) bySec[key] = this.seededSec(key);
    const keys = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) keys[i] = i + 1;
    keys.sort((a, b) => (bySec[a] as number) - (bySec[b] as number) || a - b);
    const secs = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) secs[i] = bySec[keys[i] as number] as number;
    this.keys = keys;
    this.secs = secs;
    return { keys, secs };
  }

  /** Seeded keys whose seeded modifieddate is at or after `sec`, oldest first. */
  *keysFrom(sec: number): Generator<number> {
    const { keys, secs } = this.build();
    let lo = 0;
    let hi = secs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((secs[mid] as number) < sec) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length; i++) yield keys[i] as number;
  }
}
