/** Waits for every call, then fails with the first error, if any: no call is still in flight when it throws. */
export async function allOrFirstError(calls: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(calls)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
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
