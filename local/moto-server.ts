import { spawn, spawnSync } from 'node:child_process';

/** The moto release the local API and the end-to-end tests are written against (its quirks are version-specific). */
export const MOTO_VERSION = '5.2.1';

/** The one command that installs what is missing. */
export const MOTO_INSTALL_COMMAND = `pip install 'moto[server]==${MOTO_VERSION}'`;

/** moto is a Python package; `python3` must be the interpreter it is installed for. */
const PYTHON = 'python3';

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * The emulator's administrator: requests signed with this key (the local API's bootstrap and
 * seeding, the tests' own reads and fixtures) are allowed everything, as a principal with `*`
 * would be. Every other key must belong to an IAM role session or user in moto, and is held to its
 * policies (local/moto_plugin/iam.py).
 */
export const EMULATOR_ADMIN_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The folder holding the plugin package `moto_plugin` (local/moto_plugin: what it changes, and why, is documented there). */
const PLUGIN_DIR = __dirname;

/**
 * Runs moto's server on an OS-chosen loopback port, with the plugin installed in the same process
 * first. A watchdog thread ends it when its parent process is gone, so a killed `npm start` or test
 * run never leaves an emulator behind.
 */
const SERVER_SCRIPT = `
import os, sys, threading, time
parent = os.getppid()
def watchdog():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watchdog, daemon=True).start()
sys.path.insert(0, sys.argv[1])
import moto_plugin
moto_plugin.install()
from moto.server import main
main(["--host", "127.0.0.1", "--port", "0"])
`;

export class MotoMissingError extends Error {
  constructor(python: string, detail: string) {
    super(`moto's server mode is not installed for ${python} (${detail}); install it with: ${MOTO_INSTALL_COMMAND}`);
    this.name = 'MotoMissingError';
  }
}

/**
 * Checks that moto's server (with Flask) can be imported and returns its version.
 * @throws {MotoMissingError} with a one-line message naming the install command.
 */
export function requireMoto(python = PYTHON): string {
  const probe = spawnSync(python, ['-c', 'import moto.server, importlib.metadata as m; print(m.version("moto"))'], {
    encoding: 'utf8',
  });
  if (probe.error) throw new MotoMissingError(python, probe.error.message);
  if (probe.status !== 0) {
    const lastLine = probe.stderr.trim().split('\n').pop() ?? `exit code ${probe.status}`;
    throw new MotoMissingError(python, lastLine);
  }
  return probe.stdout.trim();
}

export interface MotoServer {
  /** e.g. http://127.0.0.1:40123: the `AWS_ENDPOINT_URL` for every SDK client. */
  readonly endpoint: string;
  readonly version: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export interface MotoServerOptions {
  /** The Python interpreter moto is installed for (default `python3`). */
  readonly python?: string;
  /**
   * Where the plugin POSTs the user pool's Lambda trigger events (`<triggerUrl>/<function name>`), as
   * `LOCAL_TRIGGER_URL` (local/moto_plugin/triggers.py, local/cognito-triggers.ts). Without it a pool
   * that names a trigger fails the operation with UnexpectedLambdaException.
   */
  readonly triggerUrl?: string;
}

/**
 * Starts `moto_server`, extended by local/moto_plugin, as a child process on a free loopback port
 * and resolves once it listens.
 *
 * @throws {MotoMissingError} moto is not installed.
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const python = options.python ?? PYTHON;
  const version = requireMoto(python);
  const child = spawn(python, ['-c', SERVER_SCRIPT, PLUGIN_DIR], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      ...(options.triggerUrl && { LOCAL_TRIGGER_URL: options.triggerUrl }),
      // moto's IAM checks from the first request on (moto/settings.py), with the plugin's resources and conditions.
      INITIAL_NO_AUTH_ACTION_COUNT: '0',
      MOTO_PLUGIN_ADMIN_ACCESS_KEY_ID: EMULATOR_ADMIN_CREDENTIALS.accessKeyId,
    },
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    let listening = false;
    // Checked after the output already waiting is read (setImmediate runs after I/O): a caller busy
    // with synchronous work while moto starts (local/start.ts synthesizes the stack) is no timeout.
    const timer = setTimeout(
      () => setImmediate(() => listening || fail(new Error(`moto_server did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`))),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        // Keep draining moto's request log, or the pipe fills up and the server blocks.
        child.stderr.off('data', onData).resume();
        resolve(match[1]);
      }
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`moto_server exited with code ${code} before listening:\n${output}`));
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.on('data', onData);
    child.once('exit', onEarlyExit);
  });

  return {
    endpoint,
    version,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
