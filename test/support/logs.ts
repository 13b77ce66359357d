import { capturedLines } from './log-capture';

/**
 * The structured log records written while `run` executes (the global capture in
 * log-capture.ts collects them at DEBUG level), parsed, plus their raw text.
 */
export async function captureLogs<T>(run: () => Promise<T>): Promise<{ result: T; records: Record<string, any>[]; raw: string }> {
  const start = capturedLines().length;
  const result = await run();
  const fresh = capturedLines().slice(start);
  return { result, records: fresh.map((line) => JSON.parse(line) as Record<string, any>), raw: fresh.join('\n') };
}
