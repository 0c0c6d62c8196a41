/**
 * The one Powertools logger of a container. Correlation keys (release id, agenda
 * number, stage) are appended by handlers; task tokens and link ids are never logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'warta' });
