/** Decision 766 indicators and public statistics of the one-stop dossiers (part of module dossiers). */
export { createIndicators, type IndicatorReport, type Indicators, type StatisticsReport } from './compute.ts';
export { GROUPS, INDICATORS } from './definitions.ts';
export { indicatorsMigration } from './migration.ts';
export { indicatorRoutes } from './routes.ts';
