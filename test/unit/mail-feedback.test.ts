import { describe, expect, it } from 'vitest';
import { suppressionsFrom } from '../../functions/domain/mail/feedback.js';

describe('SES bounce and complaint events', () => {
  it('reads a permanent bounce from EventBridge', () => {
    const event = {
      source: 'aws.ses',
      detail: {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'NoEmail',
          bouncedRecipients: [{ emailAddress: '"Redaksi" <Redaksi@Media.example.com>' }],
        },
      },
    };
    expect(suppressionsFrom(event)).toEqual([{ email: 'redaksi@media.example.com', reason: 'bounce:NoEmail' }]);
  });

  it('ignores transient bounces and deliveries', () => {
    expect(
      suppressionsFrom({
        detail: { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@b.c' }] } },
      }),
    ).toEqual([]);
    expect(suppressionsFrom({ detail: { eventType: 'Delivery' } })).toEqual([]);
  });

  it('reads complaints from SNS notifications and drops duplicates and garbage', () => {
    const event = {
      Records: [
        {
          Sns: {
            Message: JSON.stringify({
              notificationType: 'Complaint',
              complaint: { complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: 'x@y.z' }, { emailAddress: 'X@y.z' }] },
            }),
          },
        },
        { Sns: { Message: 'not json' } },
      ],
    };
    expect(suppressionsFrom(event)).toEqual([{ email: 'x@y.z', reason: 'complaint:abuse' }]);
  });
});
