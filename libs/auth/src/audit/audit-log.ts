import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger as PinoRootLogger } from 'pino';
import { AppConfig, InjectConfig } from '@app/config';
import type { RejectionReason } from '../token-rejection';

/** Where audit lines go: the app's pino logger unless a test provides its own. */
export interface AuditSink {
  info(fields: object, message: string): void;
}
export const AUDIT_SINK = Symbol('AUDIT_SINK');

/** Every pino line of the audit stream carries it, so the stream can be routed on its own. */
export const AUDIT_LOGGER_NAME = 'audit';
const WINDOW_MS = 60_000;
/** Distinct limited clients reported per window; the rest are counted together. */
const MAX_CLIENTS_PER_WINDOW = 1_000;

interface Breach {
  readonly limit: string;
  readonly client: string;
  count: number;
}

/**
 * The audit stream of authentication events, as JSON lines of the logger named `audit`: signing
 * key set changes (at once), and per minute, one line per rejection reason and one per limited
 * client, each with its count, so a flood costs a line, not a line per request. It never receives
 * a token, and rate-limit clients arrive already hashed or truncated. Written at `info` whatever
 * LOG_LEVEL says (an operator's level must not silence the audit), unless LOG_LEVEL is `silent`.
 */
@Injectable()
export class AuditLog implements OnModuleInit, OnApplicationShutdown {
  private readonly rejections = new Map<RejectionReason, number>();
  private readonly breaches = new Map<string, Breach>();
  private readonly silent: boolean;
  private sink: AuditSink | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectConfig() config: AppConfig, @Optional() @Inject(AUDIT_SINK) sink?: AuditSink) {
    this.silent = config.logLevel === 'silent';
    this.sink = sink;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.flush(), WINDOW_MS).unref();
  }

  /** The counts of the window under way are written, not lost. */
  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.flush();
  }

  keySetChanged(change: {
    added: readonly string[];
    removed: readonly string[];
    keyIds: readonly string[];
  }): void {
    this.write({ event: 'signing-keys-changed', ...change }, 'signing keys changed');
  }

  tokenRejected(reason: RejectionReason): void {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
  }

  /** `client` is a hashed user id or a truncated address, never a raw one. */
  rateLimitExceeded(limit: string, client: string): void {
    const full = this.breaches.size >= MAX_CLIENTS_PER_WINDOW;
    const key = full ? `${limit}\n*` : `${limit}\n${client}`;
    const breach = this.breaches.get(key) ?? { limit, client: full ? 'others' : client, count: 0 };
    breach.count += 1;
    this.breaches.set(key, breach);
  }

  private flush(): void {
    for (const [reason, count] of this.rejections) {
      this.write(
        { event: 'tokens-rejected', reason, count, windowMs: WINDOW_MS },
        'bearer tokens rejected',
      );
    }
    for (const { limit, client, count } of this.breaches.values()) {
      this.write(
        { event: 'rate-limit-exceeded', limit, client, count, windowMs: WINDOW_MS },
        'rate limit exceeded',
      );
    }
    this.rejections.clear();
    this.breaches.clear();
  }

  private write(fields: object, message: string): void {
    if (this.silent) return;
    this.sink ??= defaultSink();
    this.sink.info(fields, message);
  }
}

/** A child of the app's pino logger (nestjs-pino), resolved once it exists; else Nest's logger. */
function defaultSink(): AuditSink {
  // Typed as always set, but only once nestjs-pino's LoggerModule has been instantiated.
  const root = PinoLogger.root as PinoRootLogger | undefined;
  if (root) return root.child({ name: AUDIT_LOGGER_NAME }, { level: 'info' });
  const logger = new Logger(AUDIT_LOGGER_NAME);
  return { info: (fields, message) => logger.log({ msg: message, ...fields }) };
}
