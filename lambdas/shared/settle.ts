/** Waits for every call, then fails with the first error, if any: no call is still in flight when it throws. */
export async function allOrFirstError(calls: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(calls)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
