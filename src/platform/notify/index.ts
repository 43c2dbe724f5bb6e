import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';

/**
 * Messages to people (one-time codes, notices) by SMS or e-mail. Every message is kept in
 * `platform.notification` with its delivery state; outside production nothing leaves the machine and the
 * developer inbox (`/dev/inbox`) shows what would have been sent. In production SMS goes to an HTTP SMS
 * gateway (`CITIZEN_SMS_GATEWAY_URL`) and e-mail to an SMTP server (`CITIZEN_SMTP_URL`, through nodemailer).
 */
export type Channel = 'sms' | 'email';

export interface Message {
  channel: Channel;
  to: string;
  text: string;
  /** E-mail subject; SMS ignores it. */
  subject?: string;
}

export interface Notifier {
  send(message: Message): Promise<void>;
  /** The developer inbox: latest messages first (not available in production). */
  inbox(limit?: number): Promise<(Message & { id: string; at: Date })[]>;
}

export function createNotifier(db: Db, clock: Clock, config: Config): Notifier {
  // Made on the first e-mail; each message opens its own SMTP connection (notices are few, not bulk).
  let mailer: Transporter | undefined;
  const sendMail = async (message: Message) => {
    if (!config.smtpUrl) return 'undeliverable';
    mailer ??= nodemailer.createTransport(config.smtpUrl, { from: config.smtpFrom });
    await mailer.sendMail({
      to: message.to,
      subject: message.subject ?? 'Citizen Stack',
      text: message.text,
    });
    return 'sent';
  };

  const deliver = async (message: Message) => {
    if (config.env !== 'production') return 'inbox';
    if (message.channel === 'email') return sendMail(message);
    if (!config.smsGatewayUrl) return 'undeliverable';
    const response = await fetch(config.smsGatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.smsGatewayToken ? { authorization: `Bearer ${config.smsGatewayToken}` } : {}),
      },
      body: JSON.stringify({ to: message.to, text: message.text }),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok ? 'sent' : `failed: HTTP ${response.status}`;
  };

  return {
    async send(message) {
      const id = newId();
      // Stored first, so a message that the gateway lost can still be found and resent by an operator.
      await db
        .insertInto('platform.notification')
        .values({
          id,
          channel: message.channel,
          destination: message.to,
          // In production the text (often a one-time code) is not kept: a database reader must not sign in.
          text: config.env === 'production' ? '' : message.text,
          at: clock.now(),
        })
        .execute();
      const status = await deliver(message).catch((error: Error) => `failed: ${error.message}`);
      await db.updateTable('platform.notification').set({ status }).where('id', '=', id).execute();
      if (status.startsWith('failed') || status === 'undeliverable')
        throw new Error(`message not sent (${status})`);
    },

    async inbox(limit = 50) {
      if (config.env === 'production') return [];
      const rows = await db
        .selectFrom('platform.notification')
        .select(['id', 'channel', 'destination', 'text', 'at'])
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, channel: r.channel, to: r.destination, text: r.text, at: r.at }));
    },
  };
}
