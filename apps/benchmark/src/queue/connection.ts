/**
 * Where the queue lives: a `--queue redis://host:port[/db]` URL checked and turned into the connection
 * options BullMQ and ioredis take, and a first contact that says clearly when Redis is not there.
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis';
import { QueueConnectionError, QueueUrlError } from '../errors.js';

/** Oldest Redis that BullMQ 5 runs on. */
const MIN_REDIS = [5, 0, 0] as const;

/** A parsed `--queue` value. */
export interface QueueAddress {
  /** The URL as shown to the user, without a password. */
  display: string;
  /** ioredis options for the address (host, port, db, credentials, TLS). */
  options: RedisOptions;
}

/**
 * Parses a `--queue` value: `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 * Throws {@link QueueUrlError} naming the part that is wrong, what was expected and what was found.
 * @example
 * ```ts
 * parseQueueUrl('redis://127.0.0.1:6379/2').options; // { host: '127.0.0.1', port: 6379, db: 2, ... }
 * ```
 */
export function parseQueueUrl(text: string): QueueAddress {
  const where = `--queue '${text}'`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueUrlError(`${where}: not a URL; expected redis://host:port, e.g. redis://127.0.0.1:6379`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueUrlError(`${where}: scheme '${url.protocol.replace(/:$/, '')}' is not supported; expected redis:// (or rediss:// for TLS)`);
  }
  if (!url.hostname) throw new QueueUrlError(`${where}: no host; expected redis://host:port`);
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new QueueUrlError(`${where}: port '${url.port}' is not in [1, 65535]`);
  const path = url.pathname.replace(/^\//, '');
  let db = 0;
  if (path !== '') {
    if (!/^\d+$/.test(path)) throw new QueueUrlError(`${where}: path '/${path}' is not a database number; expected /0, /1, ... or nothing`);
    db = Number(path);
  }
  if (url.search || url.hash) throw new QueueUrlError(`${where}: '${url.search}${url.hash}' is not understood; expected nothing after the database number`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = {
    host,
    port,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const display = `${url.protocol}//${url.username ? `${url.username}${url.password ? ':***' : ''}@` : ''}${url.host}${db ? `/${db}` : ''}`;
  return { display, options };
}

/**
 * Options of a long-lived connection: every command waits through a Redis restart (BullMQ requires
 * `maxRetriesPerRequest: null` for workers), reconnecting at most every 2 s.
 */
export function persistentOptions(address: QueueAddress): RedisOptions {
  return {
    ...address.options,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/**
 * Reaches Redis once, without retrying, and checks its version. Throws {@link QueueConnectionError}
 * naming the address when Redis is not there or too old; a long-lived connection retries forever,
 * which would make a typo in the address look like a hang.
 */
export async function checkRedis(address: QueueAddress, timeoutMs = 5000): Promise<string> {
  const client = new Redis({ ...address.options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let first: Error | undefined;
  client.on('error', (error: Error) => (first ??= error)); // the socket's error (ECONNREFUSED, ENOTFOUND), reported below
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? '0';
    const parts = version.split('.').map(Number);
    const tooOld = parts[0]! < MIN_REDIS[0];
    if (tooOld) throw new QueueConnectionError(`${address.display}: Redis ${version} is too old for BullMQ; expected ${MIN_REDIS.join('.')} or newer`);
    return version;
  } catch (error) {
    if (QueueConnectionError.isInstance(error)) throw error;
    const cause = first ?? (error as Error);
    const why = (cause as NodeJS.ErrnoException).code ?? cause.message;
    throw new QueueConnectionError(`${address.display}: cannot reach Redis (${why}). Start redis-server there, or check the host and port of --queue.`, { cause });
  } finally {
    client.disconnect();
  }
}
