/** Waits for every call, then fails with the first error, if any: no call is still in flight when it throws. */
export async function allOrFirstError(calls: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(calls)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** As `allOrFirstError`, returning every call's value when none failed. */
export async function allValuesOrFirstError<const T extends readonly Promise<unknown>[]>(calls: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  await allOrFirstError(calls);
  return (await Promise.all(calls)) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** A promise that never rejects: work started early must not reject unobserved when a path stops before using it. */
export function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return Promise.allSettled([promise]).then(([result]) => result);
}

/** The value of a settled promise, or its error thrown. */
export function unwrap<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
