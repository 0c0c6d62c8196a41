/** The single table's name, read once from TABLE_NAME. */
import { ENV } from '#domain/workflow.js';
import { env } from './env.js';

export const tableName = (): string => env(ENV.table);
