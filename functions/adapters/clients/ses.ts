/**
 * The SES client of the container. Warta sends nodemailer's MIME with SES's SendRawEmail
 * (the v1 API, @aws-sdk/client-ses): that one call is all it needs, and SES v2's client
 * is not needed for it.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { tracer } from '#runtime/tracer.js';
import { SDK_RETRY } from './retry.js';

export const ses = tracer.captureAWSv3Client(new SESClient({ ...SDK_RETRY }));
