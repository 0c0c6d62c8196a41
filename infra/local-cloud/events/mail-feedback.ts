import { randomUUID } from 'node:crypto';
import type { BusEvent } from './bus.js';

/**
 * The SES mailbox simulator, locally: mail sent to bounce@simulator.amazonses.com (or
 * suppressionlist@) comes back as a permanent bounce, mail to complaint@ as a complaint,
 * mail to success@ as a delivery,
 * published as SES event publishing does it through EventBridge ("Email Bounced",
 * "Email Complaint Received", source aws.ses, detail in the SES event format with the
 * configuration set in `mail.tags`). So the bounce and complaint handling can be tried on
 * the local cloud as on AWS, with the addresses AWS documents for exactly that.
 */

export interface SentMail {
  messageId: string;
  from: string;
  destination: { to?: string[]; cc?: string[]; bcc?: string[] };
  at: number;
}

const SIMULATOR = /^(bounce|complaint|suppressionlist|success)@simulator\.amazonses\.com$/;

export interface FeedbackContext {
  region: string;
  accountId: string;
  /** The configuration set the functions send with (SES tags every event with it). */
  configurationSet: string | undefined;
}

export function simulatorFeedback(mail: SentMail, context: FeedbackContext): BusEvent[] {
  const recipients = [...(mail.destination.to ?? []), ...(mail.destination.cc ?? []), ...(mail.destination.bcc ?? [])].map(bare);
  const now = new Date().toISOString();
  const mailObject = {
    timestamp: new Date(mail.at * 1000).toISOString(),
    source: mail.from,
    sendingAccountId: context.accountId,
    messageId: mail.messageId,
    destination: recipients,
    headersTruncated: false,
    tags: {
      ...(context.configurationSet ? { 'ses:configuration-set': [context.configurationSet] } : {}),
      'ses:source-ip': ['127.0.0.1'],
      'ses:from-domain': [bare(mail.from).split('@')[1] ?? ''],
      'ses:caller-identity': ['local'],
    },
  };
  const envelope = (detailType: string, detail: Record<string, unknown>): BusEvent => ({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: context.accountId,
    time: now.replace(/\.\d{3}Z$/, 'Z'),
    region: context.region,
    resources: context.configurationSet
      ? [`arn:aws:ses:${context.region}:${context.accountId}:configuration-set/${context.configurationSet}`]
      : [],
    detail: { ...detail, mail: mailObject },
  });

  const events: BusEvent[] = [];
  for (const address of recipients) {
    const kind = SIMULATOR.exec(address)?.[1];
    if (kind === 'bounce' || kind === 'suppressionlist') {
      events.push(
        envelope('Email Bounced', {
          eventType: 'Bounce',
          bounce: {
            feedbackId: randomUUID(),
            bounceType: 'Permanent',
            bounceSubType: kind === 'bounce' ? 'General' : 'OnAccountSuppressionList',
            bouncedRecipients: [
              { emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
            ],
            timestamp: now,
            reportingMTA: 'dns; local.simulator.amazonses.com',
          },
        }),
      );
    } else if (kind === 'success') {
      events.push(
        envelope('Email Delivered', {
          eventType: 'Delivery',
          delivery: {
            timestamp: now,
            processingTimeMillis: 0,
            recipients: [address],
            smtpResponse: '250 2.6.0 Message received',
            reportingMTA: 'local.simulator.amazonses.com',
          },
        }),
      );
    } else if (kind === 'complaint') {
      events.push(
        envelope('Email Complaint Received', {
          eventType: 'Complaint',
          complaint: {
            feedbackId: randomUUID(),
            complainedRecipients: [{ emailAddress: address }],
            complaintFeedbackType: 'abuse',
            timestamp: now,
            userAgent: 'local-simulator',
          },
        }),
      );
    }
  }
  return events;
}

function bare(address: string): string {
  const match = /<([^>]+)>/.exec(address);
  return (match ? match[1]! : address).trim().toLowerCase();
}
