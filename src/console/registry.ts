import type { ConsoleCommand } from './command.js';
import { killCommand, setNeedCommand, teleportCommand } from './commands/agents.js';
import { spawnCommand } from './commands/spawn.js';
import { arrangeMeetCommand, forceChatCommand } from './commands/social.js';
import { setPriceCommand, setWageCommand } from './commands/economy.js';
import { employmentExitCommand, employmentReviewCommand, employmentStatusCommand } from './commands/employment.js';
import { auditHeadCommand, debugQueuesCommand, healthCommand, whoamiCommand } from './commands/info.js';
import { perturbationCancelCommand, perturbationQueueCommand, perturbationTriggerCommand } from './commands/perturbations.js';
import { pauseCommand, resumeCommand, snapshotSaveCommand } from './commands/run-control.js';
import { narrationLimitsCommand, privacyCommand, telemetrySnapshotCommand } from './commands/telemetry.js';

/** Every console command by name: the one registry all transports (HTTP, WebSocket, CLI client) share. */
export const CONSOLE_COMMANDS: ReadonlyMap<string, ConsoleCommand<never>> = new Map(
  ([
    spawnCommand,
    killCommand,
    teleportCommand,
    forceChatCommand,
    arrangeMeetCommand,
    setNeedCommand,
    setPriceCommand,
    setWageCommand,
    perturbationQueueCommand,
    perturbationTriggerCommand,
    perturbationCancelCommand,
    employmentStatusCommand,
    employmentExitCommand,
    employmentReviewCommand,
    debugQueuesCommand,
    pauseCommand,
    resumeCommand,
    snapshotSaveCommand,
    healthCommand,
    auditHeadCommand,
    whoamiCommand,
    telemetrySnapshotCommand,
    privacyCommand,
    narrationLimitsCommand,
  ] as unknown as ConsoleCommand<never>[]).map((c) => [c.name, c]),
);
