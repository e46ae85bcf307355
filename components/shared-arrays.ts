/**
 * Typed arrays over SharedArrayBuffers: worker threads read and write component data without copies.
 * Every allocation goes through here so that a shard's memory can be counted and its buffers handed to workers.
 */
export const sharedInt8 = (n: number) => new Int8Array(new SharedArrayBuffer(n));
export const sharedUint8 = (n: number) => new Uint8Array(new SharedArrayBuffer(n));
export const sharedInt16 = (n: number) => new Int16Array(new SharedArrayBuffer(n * 2));
export const sharedUint16 = (n: number) => new Uint16Array(new SharedArrayBuffer(n * 2));
export const sharedInt32 = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));
export const sharedUint32 = (n: number) => new Uint32Array(new SharedArrayBuffer(n * 4));
export const sharedFloat32 = (n: number) => new Float32Array(new SharedArrayBuffer(n * 4));
export const sharedFloat64 = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));
