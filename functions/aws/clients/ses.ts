/** SES v2's SendEmail (REST-JSON) over signed requests (aws-http.ts), for raw MIME messages. */
import { awsRequest, jsonError } from './aws-http.js';

export interface RawEmail {
  raw: Buffer;
  to: string[];
  from: string;
  configurationSet?: string;
}

export const ses = {
  /** Sends one raw message; returns SES's MessageId. */
  async sendRawEmail(mail: RawEmail): Promise<string | undefined> {
    const res = await awsRequest(
      {
        service: 'ses',
        method: 'POST',
        path: '/v2/email/outbound-emails',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          Content: { Raw: { Data: mail.raw.toString('base64') } },
          Destination: { ToAddresses: mail.to },
          FromEmailAddress: mail.from,
          ...(mail.configurationSet ? { ConfigurationSetName: mail.configurationSet } : {}),
        }),
      },
      jsonError,
    );
    return (JSON.parse(res.body.toString('utf8') || '{}') as { MessageId?: string }).MessageId;
  },
};
