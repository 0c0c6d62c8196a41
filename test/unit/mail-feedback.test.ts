import { describe, expect, it } from 'vitest';
import { mailOutcomesFrom, suppressionsFrom } from '../../functions/domain/mail/feedback.js';

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

describe('what became of a sent mail', () => {
  it('reads deliveries, bounces of either kind and complaints by message id, from EventBridge and SNS', () => {
    // Prepare
    const delivered = { detail: { eventType: 'Delivery', mail: { messageId: 'a' }, delivery: { timestamp: '2026-12-08T01:00:00.000Z' } } };
    const soft = {
      detail: { eventType: 'Bounce', mail: { messageId: 'b' }, bounce: { bounceType: 'Transient', timestamp: '2026-12-08T02:00:00.000Z' } },
    };
    const complaint = {
      Records: [
        { Sns: { Message: JSON.stringify({ notificationType: 'Complaint', mail: { messageId: 'c' }, complaint: { timestamp: 't' } }) } },
      ],
    };
    // Act
    const outcomes = [delivered, soft, complaint].flatMap((e) => mailOutcomesFrom(e));
    // Assert
    expect(outcomes).toEqual([
      { messageId: 'a', outcome: 'delivered', at: '2026-12-08T01:00:00.000Z' },
      { messageId: 'b', outcome: 'bounced', at: '2026-12-08T02:00:00.000Z', detail: 'Transient' },
      { messageId: 'c', outcome: 'complained', at: 't' },
    ]);
  });

  it('ignores an event without a message id or of another kind', () => {
    expect(mailOutcomesFrom({ detail: { eventType: 'Delivery' } })).toEqual([]);
    expect(mailOutcomesFrom({ detail: { eventType: 'Open', mail: { messageId: 'a' } } })).toEqual([]);
  });
});
