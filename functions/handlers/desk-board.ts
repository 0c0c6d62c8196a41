/**
 * GET /api/desk/board?stage=&newsType=&institution=&overdue=true|false -> every release in
 * progress: its stage, who holds it, time at the stage against Mutu Baku (overdue marked)
 * and its agenda number, overdue first; and what each filter can be set to.
 */
import * as z from 'zod/mini';
import type { Person } from '#domain/config.js';
import { briefOf } from '#domain/release-view.js';
import { config } from '#runtime/env.js';
import { listPeople } from '#adapters/directory-store.js';
import { trackingBoard } from '#usecases/desk-board.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler, parseWith } from '#adapters/http/respond.js';

const filterSchema = z.object({
  stage: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'desk.badFilter'))),
  newsType: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'desk.badFilter'))),
  institution: z.optional(z.string().check(z.minLength(1, 'desk.badFilter'), z.maxLength(200, 'desk.badFilter'))),
  overdue: z.optional(z.enum(['true', 'false'], 'desk.badFilter')),
});

export const handler = httpHandler(async (event) => {
  requireDeskRole(event, 'desk-board');
  const query = parseWith(filterSchema, event.queryStringParameters ?? {});
  const board = await trackingBoard({ ...query, overdue: query.overdue === undefined ? undefined : query.overdue === 'true' });
  const people: Person[] = await listPeople();
  return {
    status: 200,
    body: {
      ...board,
      rows: board.rows.map((row) => ({ ...row, holders: briefOf(people, row.holders) })),
      timeZone: config().office.timeZone,
    },
  };
});
