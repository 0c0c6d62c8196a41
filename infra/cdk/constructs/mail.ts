/**
 * Mail: the SES identity of the office's mail domain (Easy DKIM) and a configuration set
 * whose bounce, complaint and delivery events reach the `mail-events` function through
 * EventBridge, which suppresses a bounced or complaining address and notes on each sent
 * mail what became of it (the desk shows it). Sending rights name the identity and the set,
 * nothing else.
 */
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { ENV } from '#contract/handlers.js';
import type { WartaFunction } from './function.js';

export interface MailProps {
  readonly domain: string;
  /** The function that suppresses bounced and complaining addresses. */
  readonly mailEvents: WartaFunction;
}

/** SES's EventBridge detail types for the events that must stop further mail to an address. */
export const SUPPRESSING_EVENT_TYPES = ['Email Bounced', 'Email Complaint Received'];
/**
 * And the one that says a mail reached the recipient's server (DELIVERY,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestination.html; its
 * EventBridge name: https://docs.amazonaws.cn/en_us/eventbridge/latest/ref/events-ref-ses.md).
 */
export const MAIL_OUTCOME_EVENT_TYPES = [...SUPPRESSING_EVENT_TYPES, 'Email Delivered'];

export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly eventsRule: events.Rule;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // Suppress at the account level too, so a bounce is honoured even before our handler runs.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });

    // SES publishes to the default bus only; the rule narrows it to this configuration set.
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY],
    });
    this.eventsRule = new events.Rule(this, 'BouncesAndComplaints', {
      description: 'SES bounces, complaints and deliveries of Warta mail: suppress the address, note the outcome',
      eventPattern: {
        source: ['aws.ses'],
        detailType: MAIL_OUTCOME_EVENT_TYPES,
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new targets.LambdaFunction(props.mailEvents.fn, { retryAttempts: 8 })],
    });
  }

  /** Lets the function send as the office, through the configuration set only. */
  bindSender(fn: WartaFunction): void {
    fn.addEnvironment(ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    fn.allow(['ses:SendEmail', 'ses:SendRawEmail'], [this.identity.emailIdentityArn, configurationSetArn]);
  }
}
