/** Tile grid with a walkable mask; row-major, index = y * width + x. */
export interface Grid {
  readonly width: number;
  readonly height: number;
  /** 1 = walkable, 0 = blocked; one byte per tile, row-major. */
  readonly walkable: Uint8Array;
}

/**
 * Creates a grid whose tiles all start walkable (callers carve out walls and objects).
 * By default the mask lives on a SharedArrayBuffer so worker threads can read it without a copy;
 * pass `'plain'` for an ordinary ArrayBuffer.
 */
export function createGrid(width: number, height: number, buffer: 'shared' | 'plain' = 'shared'): Grid {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`grid size must be positive integers, got ${width}x${height}`);
  }
  const tiles = width * height;
  const storage = buffer === 'shared' ? new SharedArrayBuffer(tiles) : new ArrayBuffer(tiles);
  const walkable = new Uint8Array(storage);
  walkable.fill(1);
  return { width, height, walkable };
}

/** Row-major index of tile (x, y); no bounds check (hot path). */
export function tileIndex(grid: Grid, x: number, y: number): number {
  return y * grid.width + x;
}

/** True when (x, y) is a tile of the grid. */
export function inBounds(grid: Grid, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < grid.width && y < grid.height;
}

/** True when (x, y) is in bounds and walkable; everything outside the grid counts as blocked. */
export function isWalkable(grid: Grid, x: number, y: number): boolean {
  return inBounds(grid, x, y) && grid.walkable[y * grid.width + x] === 1;
}

/** Marks tile (x, y) as blocked; throws RangeError outside the grid so layout bugs surface early. */
export function setBlocked(grid: Grid, x: number, y: number): void {
  if (!inBounds(grid, x, y)) {
    throw new RangeError(`tile (${x}, ${y}) is outside the ${grid.width}x${grid.height} grid`);
  }
  grid.walkable[y * grid.width + x] = 0;
}
