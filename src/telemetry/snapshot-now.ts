import type { Shard } from '../core/shard.js';
import { FrameCapture } from './frame.js';
import type { SnapshotPayload } from './payload-schemas.js';
import { AgentIdMask } from './privacy.js';
import { StateEncoder } from './state-encoder.js';

/**
 * A full snapshot payload of the shard as it is now (call it at a tick boundary), agent ids shown as the stream
 * shows them with `salt` in privacy mode. Built apart from the stream's encoder: asking for it changes no
 * consumer's payloads.
 */
export function snapshotNow(shard: Shard, salt: Buffer, privacy: boolean): SnapshotPayload {
  const frame = new FrameCapture().capture(shard, true);
  const encoder = new StateEncoder(frame.tables!, new AgentIdMask(privacy, salt));
  encoder.apply(frame, false);
  return encoder.snapshot();
}
