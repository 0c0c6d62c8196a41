/** The office's limits on its public routes (config `limits`) as the rate limiter's rules. */
import type { WartaConfig } from './config.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

export interface LimitRuleSpec {
  name: string;
  limit: number;
  windowSeconds: number;
  messageKey: string;
}

export function submissionsPerIp(cfg: WartaConfig): LimitRuleSpec {
  return { name: 'submit-ip', limit: cfg.limits.submissionsPerIpPerHour, windowSeconds: HOUR, messageKey: 'limit.submissionsPerIp' };
}

export function confirmationMailsPerAddress(cfg: WartaConfig): LimitRuleSpec {
  return {
    name: 'confirm-mail',
    limit: cfg.limits.confirmationMailsPerAddressPerDay,
    windowSeconds: DAY,
    messageKey: 'limit.confirmationMails',
  };
}

export function uploadsPerIp(cfg: WartaConfig): LimitRuleSpec {
  return { name: 'upload-ip', limit: cfg.limits.uploadsPerIpPerHour, windowSeconds: HOUR, messageKey: 'limit.uploadsPerIp' };
}

/**
 * Desk sign-in links mailed to one address in an hour. Past it the request is still
 * answered 202 and nothing is mailed, so the answer never tells whether the address is known.
 */
export function signInMailsPerAddress(): LimitRuleSpec {
  return { name: 'signin-mail', limit: 10, windowSeconds: HOUR, messageKey: 'limit.signInMails' };
}
