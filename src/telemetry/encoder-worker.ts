import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { FramePipeline, type Released } from './frame-pipeline.js';
import { columnBuffers } from './frame.js';
import { NarrationThrottle } from './narration.js';
import { attachNarration, narrationWriter } from './narration-out.js';
import { RelayOutbox } from './relay-outbox.js';
import { RelaySink } from './relay-sink.js';
import { TcpSink } from './stream-sink.js';
import { sinkFor } from './target.js';
import type { EncoderWorkerInit, FromWorker, ToWorker } from './worker-protocol.js';

// The encoder's worker thread (ThreadedTelemetryStream starts it): it keeps the encoder state, encodes the frames
// the tick thread transfers, writes its own consumer (file or TCP) and hands lines back for the tick thread's.

/** How often a stalled consumer is looked at again. */
const STALL_POLL_MS = 50;

/** How much nicer than the tick thread the encoder runs. */
const ENCODER_NICENESS = 10;

/** The longest the worker waits for its TCP consumer's first connection before it starts encoding. */
const FIRST_CONNECT_MS = 2000;

const init = workerData as EncoderWorkerInit;
// A served shard drops what its encoder cannot take: the encoder yields the core to the tick. A headless run waits
// for its encoder instead, so there the encoder keeps the tick's priority.
if (init.nice) lowerThreadPriority();
const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const relays = new Map<number, RelaySink>();
const outbox = new RelayOutbox();

/** Columns the encoder is done with, handed back once per turn of encoding (one message, not one per frame). */
const released: Released[] = [];

function flushRecycled(): void {
  if (released.length === 0) return;
  const list = released.splice(0);
  post({ t: 'recycle', released: list }, list.flatMap((r) => columnBuffers(r.agents, r.objects)));
}

/** Hands the lines gathered for the tick thread's consumers over, once per payload, as transferred bytes. */
function flushRelays(): void {
  const out = outbox.take();
  if (out) post({ t: 'lines', items: out.items }, out.buffers);
}

const pipeline = new FramePipeline({
  config: init.config,
  tables: init.tables,
  salt: Buffer.from(init.salt),
  privacy: init.privacy,
  recycle: (columns: Released) => {
    if (columns.agents || columns.objects || columns.events) released.push(columns);
  },
  onAgentsLost: () => post({ t: 'agents-lost' }),
  onFrameSent: () => outbox.endGroup(),
  onPumped: () => {
    flushRelays();
    flushRecycled();
    post({ t: 'stats', stats: ownStats(), relayDrops: takeRelayDrops() });
    watchStall();
  },
});
const own = sinkFor(init.target, init.config);
if (own) pipeline.addSink(own);
const narration = init.config.narration;
const throttle =
  narration.target === 'none' ? undefined : attachNarration(pipeline, new NarrationThrottle(narration), narrationWriter(narration.target));

/**
 * Makes this thread nice (+10) on Linux, where a thread id is a process id for setpriority: on a busy machine the
 * scheduler then gives the tick thread the core first, and a slow encoder costs drops (or a run's wait), not ticks.
 * Elsewhere, or without /proc, the thread keeps the process's priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + ENCODER_NICENESS));
  } catch {
    // Not Linux (or no /proc): same priority as the tick thread.
  }
}

/** Whether this thread's consumer cannot take payloads (disconnected, or its socket is full), as last told. */
let stalled = false;
let stallTimer: NodeJS.Timeout | undefined;

/**
 * Tells the tick thread when this thread's own consumer stops or starts taking payloads: while it cannot (and no
 * other consumer can), the tick thread captures nothing and only counts ticks. Checked after each turn of encoding,
 * and every STALL_POLL_MS while stalled (no frames come then).
 */
function watchStall(): void {
  const now = own !== undefined && !own.canTake();
  if (now !== stalled) {
    stalled = now;
    post({ t: 'stalled', on: now });
  }
  if (stalled) stallTimer ??= setInterval(watchStall, STALL_POLL_MS);
  else if (stallTimer) {
    clearInterval(stallTimer);
    stallTimer = undefined;
  }
}

function ownStats() {
  return pipeline.stats((sink) => sink instanceof RelaySink);
}

function takeRelayDrops(): [number, number][] {
  const out: [number, number][] = [];
  for (const relay of relays.values()) {
    if (relay.pendingDrops === 0) continue;
    out.push([relay.id, relay.pendingDrops]);
    relay.pendingDrops = 0;
  }
  return out;
}

// Frames wait in the port until a TCP consumer's first connection attempt is over, so a listening consumer gets
// the first ticks too.
if (own instanceof TcpSink) {
  await Promise.race([own.settled, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_MS))]);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'frames':
      for (const frame of m.frames) pipeline.push(frame);
      return;
    case 'dropped':
      pipeline.droppedUpstream(m.drop);
      return;
    case 'relay-add': {
      const relay = new RelaySink(m.id, (id, kind, line, folded) => outbox.add(id, kind, line, folded));
      relays.set(m.id, relay);
      pipeline.addSink(relay);
      return;
    }
    case 'relay-remove': {
      const relay = relays.get(m.id);
      relays.delete(m.id);
      if (relay) void pipeline.removeSink(relay);
      return;
    }
    case 'relay-state': {
      const relay = relays.get(m.id);
      if (!relay) return;
      relay.open = m.ready;
      if (m.wantsSnapshot) relay.wantsSnapshot = true;
      return;
    }
    case 'privacy':
      pipeline.setPrivacy(m.on);
      return;
    case 'narration':
      throttle?.setLimits(m.limits);
      return;
    case 'close':
      if (stallTimer) clearInterval(stallTimer);
      void pipeline.close().then(() => {
        flushRelays();
        post({ t: 'closed', stats: ownStats(), relayDrops: takeRelayDrops() });
        port.close();
      });
  }
});

watchStall();
post({ t: 'ready' });
