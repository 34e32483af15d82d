import { clipGate } from './clip.js';
import { type RegisteredGate, registerGate } from './gate.js';
import { hashGate } from './hash.js';
import { judgeGate } from './judge.js';
import { moderationGate } from './moderation.js';
import { nsfwGate } from './nsfw.js';

export * from './gate.js';

/** Every pixel gate, in the order their checks appear in a job's report. */
export const GATES: readonly RegisteredGate[] = [
  registerGate(hashGate),
  registerGate(nsfwGate),
  registerGate(moderationGate),
  registerGate(clipGate),
  registerGate(judgeGate),
];
