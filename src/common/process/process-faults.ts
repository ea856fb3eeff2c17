import { Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppLogger } from '../logging/logger';
import { ROOT_LOGGER } from '../logging/logging.module';

export interface ProcessFaultCounts {
  unhandledRejections: number;
  uncaughtExceptions: number;
}

/**
 * The process's one policy for a failure nobody owned: a promise rejected without a catch, or an
 * exception thrown from a callback. This process controls every live call (the bridges live in
 * Asterisk, but their journal and the reps' states live here), so one stray database error must
 * not end it: the failure is logged with what is known about it, counted, and the process goes on.
 * Every count above zero is a bug to fix where the promise started (the lint rule
 * no-floating-promises keeps new ones out of src/).
 */
@Injectable()
export class ProcessFaults implements OnModuleInit, OnApplicationShutdown {
  private readonly counts: ProcessFaultCounts = { unhandledRejections: 0, uncaughtExceptions: 0 };
  private readonly logger: AppLogger;
  private uninstall: (() => void) | null = null;

  constructor(@Inject(ROOT_LOGGER) logger: AppLogger) {
    this.logger = logger.child({ component: 'process' });
  }

  /** Installed as the application is built, so an instance under test runs with the same policy. */
  onModuleInit(): void {
    this.uninstall = this.install(process);
  }

  onApplicationShutdown(): void {
    this.uninstall?.();
    this.uninstall = null;
  }

  /** Listens on `target` (the process); returns the function that stops listening. */
  install(target: NodeJS.EventEmitter): () => void {
    const onRejection = (reason: unknown): void => this.unhandledRejection(reason);
    const onException = (error: unknown, origin?: string): void => this.uncaughtException(error, origin);
    target.on('unhandledRejection', onRejection);
    target.on('uncaughtException', onException);
    return () => {
      target.off('unhandledRejection', onRejection);
      target.off('uncaughtException', onException);
    };
  }

  unhandledRejection(reason: unknown): void {
    this.counts.unhandledRejections += 1;
    this.logger.error({ err: asError(reason), fault: 'unhandled-rejection', total: this.counts.unhandledRejections }, 'A promise was rejected and nothing caught it');
  }

  uncaughtException(error: unknown, origin = 'uncaughtException'): void {
    this.counts.uncaughtExceptions += 1;
    this.logger.error({ err: asError(error), fault: 'uncaught-exception', origin, total: this.counts.uncaughtExceptions }, 'An exception escaped every handler');
  }

  snapshot(): ProcessFaultCounts {
    return { ...this.counts };
  }
}

/** pino serialises `err` with its stack only when it is an Error; a rejected string or object is wrapped. */
function asError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : JSON.stringify(reason) ?? String(reason));
  error.name = 'NonErrorRejection';
  return error;
}

@Global()
@Module({ providers: [ProcessFaults], exports: [ProcessFaults] })
export class ProcessFaultsModule {}
