/**
 * The columns of a reward breakdown row (docs/TENSORS.md "Rewards"), in order. Every value is after the
 * personality bias; the first nine sum to `total`, the reward the agent got (`clip_adjustment` is what the
 * death-window guardrail and both clips took or added).
 */
export const REWARD_COMPONENTS = [
  'survival',
  'needs_penalty',
  'wage',
  'punctuality',
  'social_bonus',
  'social_penalty',
  'social_avoidance',
  'terminal_penalty',
  'clip_adjustment',
  'total',
] as const;
export type RewardComponent = (typeof REWARD_COMPONENTS)[number];

/** Column of each component in a breakdown row. */
export const RewardColumn = Object.fromEntries(REWARD_COMPONENTS.map((name, i) => [name, i])) as {
  readonly [K in RewardComponent]: number;
};

/** Columns per breakdown row. */
export const REWARD_COMPONENT_COUNT = REWARD_COMPONENTS.length;

/** features.stages.social_rewards as a number: OFF 0, C1 1 (chat), C2 2 (and avoidance), C3 3. */
export function socialRewardStage(stage: 'OFF' | 'C1' | 'C2' | 'C3'): number {
  return stage === 'OFF' ? 0 : stage === 'C1' ? 1 : stage === 'C2' ? 2 : 3;
}
