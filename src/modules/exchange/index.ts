/** The data exchange platform (LGSP): other modules reach it through this file only. */
export { exchangeCommand } from './cli.ts';
export { exchangeModule } from './module.ts';
