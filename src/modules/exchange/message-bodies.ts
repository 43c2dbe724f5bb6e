import type { Platform } from '../../platform/context.ts';

const DAY_MS = 86_400_000;
const PURGE_EVERY_MS = 60_000;

/**
 * Bodies kept for services that ask for retention (`exchange.service.retention_days`): both bodies of an
 * exchange, sealed with the platform's master key and bound to the message id (a sealed body copied onto
 * another message does not open). The message log keeps their digests, so a body produced later is
 * proven to be the one exchanged. Expired bodies are deleted by the node writing, at most once a minute.
 */
export function createMessageBodies(platform: Platform) {
  const { db, sealer, clock } = platform;
  const context = (messageId: string, part: 'request' | 'response') => `exchange.body:${messageId}:${part}`;
  let lastPurge = 0;

  return {
    async keep(messageId: string, days: number, request: Buffer, response: Buffer) {
      const now = clock.now();
      await db
        .insertInto('exchange.message_body')
        .values({
          message_id: messageId,
          request: sealer.seal(request, context(messageId, 'request')),
          response: sealer.seal(response, context(messageId, 'response')),
          expires_at: new Date(now.getTime() + days * DAY_MS),
        })
        .execute();
      if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
      lastPurge = now.getTime();
      await db.deleteFrom('exchange.message_body').where('expires_at', '<', now).execute();
    },

    /** Both bodies of a message, or undefined when none were kept or they have expired. */
    async read(messageId: string) {
      const row = await db
        .selectFrom('exchange.message_body')
        .select(['request', 'response', 'expires_at'])
        .where('message_id', '=', messageId)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        request: sealer.open(row.request as string, context(messageId, 'request')),
        response: sealer.open(row.response as string, context(messageId, 'response')),
        expiresAt: row.expires_at as Date,
      };
    },
  };
}

export type MessageBodies = ReturnType<typeof createMessageBodies>;
