import { z } from 'zod';

/** The bridge protocol version; `spec` reports it so a client can refuse a server it does not speak. */
export const PROTOCOL_VERSION = 1;

const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Options every stepping request may carry: `hash` asks for the step's hashes, `names` for new agents' ids,
 * `timing` for the server's milliseconds (benchmarks).
 */
const reportOptions = {
  id: z.number().int().optional(),
  hash: z.boolean().optional(),
  names: z.boolean().optional(),
  timing: z.boolean().optional(),
};

/**
 * One control message from the client (docs/BRIDGE.md): a JSON object on one line. Tensors never travel here;
 * they live in the shared file that `attach` names.
 */
export const requestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('spec'), id: z.number().int().optional() }),
  z.strictObject({
    op: z.literal('attach'),
    id: z.number().int().optional(),
    path: z.string().min(1),
    slot: z.number().int().min(0),
    slots: z.number().int().min(1).max(4096),
  }),
  z.strictObject({ op: z.literal('reset'), seed: seed.optional(), ...reportOptions }),
  z.strictObject({ op: z.literal('step'), ...reportOptions }),
  z.strictObject({ op: z.literal('kpis'), id: z.number().int().optional() }),
  z.strictObject({ op: z.literal('close'), id: z.number().int().optional() }),
]);
export type Request = z.infer<typeof requestSchema>;

/** Why a request failed: bad input (actions, arguments), a protocol misuse, the env's state, or a bug. */
export type ErrorKind = 'input' | 'protocol' | 'state' | 'internal';

/** A failed request's reply. */
export interface ErrorReply {
  id?: number;
  ok: false;
  error: { kind: ErrorKind; message: string };
}

/** The per-step hashes a client asked for (16 hex digits each). */
export interface StepHashes {
  /** The shard's world hash after the step. */
  world: string;
  /** SHA-256 over this server's slot of every tensor buffer, in layout order. */
  tensors: string;
}

/** A reset's or step's reply. */
export interface StepReply {
  id?: number;
  ok: true;
  /** Ticks since reset. */
  tick: number;
  /** True once the episode has ended (step then fails until reset). */
  done: boolean;
  hash?: StepHashes;
  /** With `names`: [row, agent id] of every slot whose agent is new since the last report. */
  spawned?: [number, string][];
  /** With `timing`: wall milliseconds of the env step (or reset) and of writing the shared file. */
  timing?: { env_ms: number; write_ms: number };
}
