import type { Module } from '../../platform/context.ts';
import { createCatalogue } from './catalogue.ts';
import { createMessageLog } from './message-log.ts';
import { init } from './migrations/0001_init.ts';
import { subscriptions } from './migrations/0002_subscriptions.ts';
import { bodyRetention } from './migrations/0003_body_retention.ts';
import { messageLogAppend } from './migrations/0004_message_log_append.ts';
import { webhookOrigins } from './migrations/0005_webhook_origins.ts';
import { routes } from './routes.ts';
import { fanOutHandlers } from './webhooks.ts';

/** The data exchange platform (LGSP): catalogue, access rights, the gateway at /x and its message log. */
export const exchangeModule: Module = {
  name: 'exchange',
  migrations: [init, subscriptions, bodyRetention, messageLogAppend, webhookOrigins],
  routes: {
    prefix: '',
    plugin: (platform) => routes(platform, createCatalogue(platform), createMessageLog(platform)),
  },
  handlers: fanOutHandlers,
};
