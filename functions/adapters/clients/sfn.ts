/** The Step Functions client of the container. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { tracer } from '#runtime/tracer.js';

export const sfn = tracer.captureAWSv3Client(new SFNClient({}));
