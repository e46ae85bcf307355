/** Windows kept: agents who share a tile have nearby slots (a home's residents), so a small cache finds them. */
const SLOTS = 64;
const SLOT_SHIFT = 32 - Math.log2(SLOTS);

/** This thread's caches, one per row shape. */
const byShape = new Map<string, WindowCache>();

/**
 * Recently built map windows, in ordinary (unshared) memory, for the observation writer. Every agent on a tile
 * sees the same map channels and local summary (a function of the tile and this tick's tile bytes), and in the
 * default town about half the agents share their tile with an agent a few slots before them (residents of one
 * home, colleagues at work): the writer builds a window once and copies it whole into each such row.
 *
 * An entry is a row as the tensor holds it: map channels and local summary, every other feature 0 (one float32
 * row, or a uint8 map row and a float32 feature row), so copying it is also the row's zeroing. Entries are
 * direct-mapped by tile. This is scratch, not state: `for` forgets every entry (the tile bytes change between
 * calls), and a row is the same whether its window was built or copied. One per thread and row shape.
 */
export class WindowCache {
  /** Per entry: its row (features, or the whole float32 row) and, with uint8 maps, its map row. */
  readonly rows: Float32Array[];
  readonly maps: Uint8Array[];
  /** Backing arrays of the entries (entry i at i × the row's length): what the window writers write into. */
  readonly rowData: Float32Array;
  readonly mapData: Uint8Array | Float32Array;
  /** The map bytes of every entry (uint8 maps), for word-wide writers. */
  readonly mapView: DataView;
  /** Per entry, for writers that never zero an entry: the window rows of its map that may hold ones (bit k = row k). */
  readonly dirtyRows = new Int32Array(SLOTS);
  readonly #tile = new Int32Array(SLOTS);

  /**
   * Entries of `rowLength` floats (the whole row, or the feature row) and, with uint8 maps, `mapLength` bytes;
   * `selfCell` ≥ 0: every map starts with a 1 there, for writers that never zero an entry (hybrid-bytes.ts).
   */
  private constructor(rowLength: number, mapLength: number, selfCell: number) {
    this.rowData = new Float32Array(SLOTS * rowLength);
    this.rows = Array.from({ length: SLOTS }, (_, i) => this.rowData.subarray(i * rowLength, (i + 1) * rowLength));
    const bytes = new Uint8Array(SLOTS * mapLength);
    this.maps = Array.from({ length: SLOTS }, (_, i) => bytes.subarray(i * mapLength, (i + 1) * mapLength));
    if (selfCell >= 0) for (const map of this.maps) map[selfCell] = 1;
    this.mapData = mapLength > 0 ? bytes : this.rowData;
    this.mapView = new DataView(bytes.buffer);
  }

  /**
   * This thread's cache for rows of this shape (a process may hold shards of several layouts), emptied for a new
   * writer call. `mapLength` is 0 for float32 maps; `selfCell` is −1 unless the writer never zeroes entries.
   */
  static for(rowLength: number, mapLength: number, selfCell = -1): WindowCache {
    const key = `${rowLength}:${mapLength}:${selfCell}`;
    let cache = byShape.get(key);
    if (!cache) byShape.set(key, (cache = new WindowCache(rowLength, mapLength, selfCell)));
    cache.#tile.fill(-1);
    return cache;
  }

  /** The entry for `tile`: its index, or −(index + 1) when it does not hold that tile yet (then it is claimed). */
  entry(tile: number): number {
    // Multiplicative hashing: the product's top bits (an int, no division).
    const i = Math.imul(tile, 0x9e3779b1) >>> SLOT_SHIFT;
    if (this.#tile[i] === tile) return i;
    this.#tile[i] = tile;
    return -(i + 1);
  }
}
