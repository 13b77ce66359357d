import { vi } from 'vitest';
import { logger } from '../../lambdas/shared/logger';

/**
 * Captures what the Powertools logger writes (it prints JSON lines to stdout/stderr) while `run`
 * executes, at DEBUG level so nothing is filtered out. Returns the parsed records and the raw text.
 */
export async function captureLogs<T>(run: () => Promise<T>): Promise<{ result: T; records: Record<string, any>[]; raw: string }> {
  const chunks: string[] = [];
  const collect = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(collect as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(collect as typeof process.stderr.write);
  const previous = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  try {
    const result = await run();
    const raw = chunks.join('');
    const records = raw
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>);
    return { result, records, raw };
  } finally {
    logger.setLogLevel(previous);
    out.mockRestore();
    err.mockRestore();
  }
}
