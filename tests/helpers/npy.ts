import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** The header dict and the data bytes of a .npy file (its magic, version and 64-byte padding checked). */
export function readNpy(path: string): { header: string; data: Buffer } {
  const bytes = readFileSync(path);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const len = bytes[8]! | (bytes[9]! << 8);
  expect((10 + len) % 64).toBe(0);
  return { header: bytes.subarray(10, 10 + len).toString('latin1'), data: bytes.subarray(10 + len) };
}
