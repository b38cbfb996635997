import { CrmError } from '../../src/shared/errors.ts';

/** The CrmError a call fails with; fails the test if it succeeds or throws anything else. */
export async function errorOf(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw new Error(`expected a CrmError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected the call to fail');
}
