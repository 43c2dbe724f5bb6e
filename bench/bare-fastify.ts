/**
 * Floor for the /healthz scenario: a bare Fastify 5 server answering exactly what the platform's /healthz
 * answers, with no logger, hooks or plugins. bench/run.ts starts it in its own Node process, as it starts
 * the platform, so the two are measured under the same conditions.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));

const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.BARE_PORT ?? 0) });
console.log(`bare Fastify listening at ${address}`);

const stop = () => {
  app.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
