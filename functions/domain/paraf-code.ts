/**
 * The paraf code: where an office sets `stageSettings.<stage>.parafCode: true`, a decision
 * on that stage needs a 6-digit code mailed to the link's owner when they ask for it, so
 * a forwarded link alone cannot act. Only a salted hash of the code is stored; it lasts
 * ten minutes and takes five wrong tries, then the person asks for a new one.
 */
import { randomInt } from 'node:crypto';
import type { WartaConfig } from './config.js';
import { sha256Hex } from './ids.js';

export const PARAF_CODE = {
  ttlMinutes: 10,
  maxAttempts: 5,
  /** A second request within this time is the same request (a double tap, a client retry): no new code, no second mail. */
  sameRequestSeconds: 60,
} as const;

export const PARAF_CODE_PATTERN = /^\d{6}$/;

export interface ParafCodeItem {
  linkHash: string;
  taskId: string;
  personId: string;
  codeHash: string;
  sentAt: string;
  validUntil: string;
  attempts: number;
}

export type ParafCodeCheck = 'ok' | 'missing' | 'wrong' | 'expired' | 'locked';

export function needsParafCode(cfg: Pick<WartaConfig, 'stageSettings'>, stageId: string): boolean {
  return cfg.stageSettings[stageId]?.parafCode === true;
}

/** Six digits from the system's CSPRNG, leading zeros kept. */
export function newParafCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Salted with the task and person, so one table leak does not give a lookup table of all six-digit codes at once. */
export function parafCodeHash(taskId: string, personId: string, code: string): string {
  return sha256Hex(`paraf-code\n${taskId}\n${personId}\n${code}`);
}

export function newParafCodeItem(linkHash: string, taskId: string, personId: string, code: string, now: Date): ParafCodeItem {
  return {
    linkHash,
    taskId,
    personId,
    codeHash: parafCodeHash(taskId, personId, code),
    sentAt: now.toISOString(),
    validUntil: new Date(now.getTime() + PARAF_CODE.ttlMinutes * 60_000).toISOString(),
    attempts: 0,
  };
}

/** Whether a new request repeats the one that made this item. */
export function isSameRequest(item: ParafCodeItem | undefined, now: Date): item is ParafCodeItem {
  return (
    !!item && now.getTime() - Date.parse(item.sentAt) < PARAF_CODE.sameRequestSeconds * 1000 && now.getTime() < Date.parse(item.validUntil)
  );
}

export function checkParafCode(item: ParafCodeItem | undefined, presented: string | undefined, now: Date): ParafCodeCheck {
  if (!presented || !item) return 'missing';
  if (now.getTime() >= Date.parse(item.validUntil)) return 'expired';
  if (item.attempts >= PARAF_CODE.maxAttempts) return 'locked';
  return parafCodeHash(item.taskId, item.personId, presented) === item.codeHash ? 'ok' : 'wrong';
}
