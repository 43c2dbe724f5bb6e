import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/platform.ts';
import { createNotifier } from './index.ts';

/** What a real SMTP server and a real HTTP SMS gateway on this machine receive from the notifier. */
describe('notifier in production', () => {
  let platform: TestPlatform;
  const mails: { from: string; to: string[]; user?: string; data: string }[] = [];
  const sms: { authorization?: string; body: unknown }[] = [];
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'citizen' && auth.password === 'mail-secret') callback(null, { user: 'citizen' });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const gateway = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      sms.push({ authorization: request.headers.authorization, body: JSON.parse(body) });
      response.statusCode = (JSON.parse(body) as { to: string }).to === '0900000000' ? 503 : 200;
      response.end();
    });
  });
  let smtpPort = 0;
  let gatewayUrl = '';

  beforeAll(async () => {
    platform = await createTestPlatform();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(resolve));
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
    await platform?.close();
  });

  const production = (overrides: Partial<TestPlatform['config']>) =>
    createNotifier(platform.db, platform.clock, {
      ...platform.config,
      env: 'production',
      smsGatewayUrl: gatewayUrl,
      smsGatewayToken: 'gateway-token',
      smtpUrl: `smtp://citizen:mail-secret@127.0.0.1:${smtpPort}`,
      smtpFrom: 'Một cửa Thanh Hóa <no-reply@thanhhoa.gov.vn>',
      ...overrides,
    });
  const statusOf = async (to: string) =>
    (await platform.db
      .selectFrom('platform.notification')
      .select(['status', 'text'])
      .where('destination', '=', to)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()) as { status: string; text: string };

  it('sends e-mail over SMTP with authentication, the sender and a Vietnamese subject', async () => {
    await production({}).send({
      channel: 'email',
      to: 'lan.nguyen@example.vn',
      subject: 'Hồ sơ đã được tiếp nhận',
      text: 'Mã hồ sơ 000.00.00.H56-260127-0001. Ngày hẹn trả: 03/02/2026.',
    });
    const mail = mails.at(-1);
    expect(mail?.user).toBe('citizen');
    expect(mail?.from).toBe('no-reply@thanhhoa.gov.vn');
    expect(mail?.to).toEqual(['lan.nguyen@example.vn']);
    expect(mail?.data).toMatch(/^Subject: =\?UTF-8\?/m); // encoded: Vietnamese is not ASCII
    expect(mail?.data).toContain('000.00.00.H56-260127-0001');
    const stored = await statusOf('lan.nguyen@example.vn');
    expect(stored.status).toBe('sent');
    expect(stored.text).toBe(''); // production keeps no text: it may be a one-time code
  });

  it('records a failed delivery and tells the caller when the SMTP server refuses the login', async () => {
    const notifier = production({ smtpUrl: `smtp://citizen:wrong@127.0.0.1:${smtpPort}` });
    await expect(notifier.send({ channel: 'email', to: 'refused@example.vn', text: 'x' })).rejects.toThrow(
      /message not sent/,
    );
    expect((await statusOf('refused@example.vn')).status).toMatch(/^failed: /);
  });

  it('does not deliver e-mail when no SMTP server is configured', async () => {
    const notifier = production({ smtpUrl: undefined });
    await expect(notifier.send({ channel: 'email', to: 'nobody@example.vn', text: 'x' })).rejects.toThrow();
    expect((await statusOf('nobody@example.vn')).status).toBe('undeliverable');
  });

  it('sends SMS to the HTTP gateway with its token and records a gateway failure', async () => {
    const notifier = production({});
    await notifier.send({ channel: 'sms', to: '0912345678', text: 'Ma xac thuc: 123456' });
    expect(sms.at(-1)).toEqual({
      authorization: 'Bearer gateway-token',
      body: { to: '0912345678', text: 'Ma xac thuc: 123456' },
    });
    expect((await statusOf('0912345678')).status).toBe('sent');
    await expect(notifier.send({ channel: 'sms', to: '0900000000', text: 'x' })).rejects.toThrow();
    expect((await statusOf('0900000000')).status).toBe('failed: HTTP 503');
  });

  it('keeps everything in the developer inbox outside production', async () => {
    await platform.notify.send({ channel: 'email', to: 'dev@example.vn', subject: 'Thử', text: 'Xin chào' });
    expect((await statusOf('dev@example.vn')).status).toBe('inbox');
    expect((await platform.notify.inbox(1))[0]).toMatchObject({ to: 'dev@example.vn', text: 'Xin chào' });
  });
});
