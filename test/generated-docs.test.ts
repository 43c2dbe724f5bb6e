import { describe, expect, it } from 'vitest';
import {
  committed,
  ERRORS_FILE,
  errorsDocument,
  OPENAPI_FILE,
  openApiDocument,
} from '../scripts/generated-docs.ts';

describe('generated documents', () => {
  it('docs/api/openapi.json matches the routes (run: node scripts/generated-docs.ts)', async () => {
    expect(committed(OPENAPI_FILE)).toBe(await openApiDocument());
  });

  it('docs/api/errors.md lists every error code (run: node scripts/generated-docs.ts)', async () => {
    await openApiDocument(); // imports every module, so every catalogue is registered
    expect(committed(ERRORS_FILE)).toBe(errorsDocument());
  });
});
