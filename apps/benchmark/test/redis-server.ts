/**
 * A real Redis for the queue tests: Debian's `redis-server` on 127.0.0.1 at a free port, with an
 * append-only file in its own folder so that jobs survive a restart, as they would in production.
 * Started and stopped without blocking the test worker's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The redis-server binary on PATH, or undefined. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/sbin', '/usr/local/bin'])) {
    const file = join(dir, 'redis-server');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (free when asked; Redis takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A running redis-server; `restart()` stops it (it writes its append-only file) and starts it again on the same port. */
export class TestRedis {
  private process?: ChildProcess;
  log = '';

  private constructor(
    readonly binary: string,
    readonly port: number,
    readonly dir: string,
  ) {}

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server with its data in `dir`. */
  static async start(binary: string, dir: string): Promise<TestRedis> {
    const redis = new TestRedis(binary, await freePort(), dir);
    await redis.launch();
    return redis;
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--protected-mode', 'no'];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.log += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.log += d));
    this.process = child;
    const started = Date.now();
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}:\n${this.log}`);
      if (Date.now() - started > 20_000) throw new Error(`redis-server did not listen on port ${this.port} within 20 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops redis-server (SIGTERM: it flushes its append-only file first) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.process = undefined;
  }

  /** Stops and starts it again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }
}

/**
 * A temporary folder and a Redis with its data in it, for a queue test file: call `setUp()` in
 * `beforeAll` and `tearDown()` in `afterAll`, which also kills the processes the test added to
 * `started` that are still running.
 */
export function queueTestBed(prefix: string) {
  const bed = {
    work: '',
    redis: undefined as unknown as TestRedis,
    started: [] as ChildProcess[],
    async setUp(cli: string): Promise<void> {
      if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
      const binary = findRedisServer();
      if (!binary) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/run does it)');
      bed.work = mkdtempSync(join(tmpdir(), prefix));
      mkdirSync(join(bed.work, 'redis'));
      bed.redis = await TestRedis.start(binary, join(bed.work, 'redis'));
    },
    async tearDown(): Promise<void> {
      for (const child of bed.started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await bed.redis?.stop();
      if (bed.work) rmSync(bed.work, { recursive: true, force: true });
    },
  };
  return bed;
}
