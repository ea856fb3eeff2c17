import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AppLogger, createRootLogger } from './logger';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

@Global()
@Module({
  providers: [
    { provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: (config: AppConfig): AppLogger => createRootLogger(config.logLevel) },
  ],
  exports: [ROOT_LOGGER],
})
export class LoggingModule {}
