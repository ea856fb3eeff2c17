import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { RedisIoAdapter } from './live/redis-io.adapter';
import { noStoreByDefault, securityHeaders, trustProxyValue } from './common/http/security-headers';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { AppLogger } from './common/logging/logger';
import { ROOT_LOGGER } from './common/logging/logging.module';
import { NestPinoLogger } from './common/logging/nest-pino.logger';
import { rejectPrototypeKeys } from './common/validation/prototype-keys.middleware';

/**
 * Builds the HTTP application exactly as production runs it, so end-to-end tests exercise the
 * same pipes, filters and guards.
 */
export async function createHttpApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: true, abortOnError: false });
  const logger = app.get<AppLogger>(ROOT_LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.redis.url, config.redis.queuePrefix));
  configureHttpApp(app, logger);
  return app;
}

export function configureHttpApp(app: INestApplication, logger: AppLogger): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  // Headers first: an answer refused by the body parser or the prototype-key check carries them too.
  app.use(securityHeaders(config), noStoreByDefault());
  // Signed inbound events are checked against the bytes as sent, so those keep their raw body.
  (app as NestExpressApplication).useBodyParser('json', { limit: '1mb', verify: keepRawBodyFor('/integrations/') });
  app.use(rejectPrototypeKeys);
  (app as NestExpressApplication).disable('x-powered-by');
  if (config.http.trustProxy) (app as NestExpressApplication).set('trust proxy', trustProxyValue(config.http.trustProxy));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('salescall').setDescription('Sales call-center telephony service').setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/** Keeps the raw JSON body (req.rawBody) for paths under `prefix` only: the rest need not hold it twice. */
function keepRawBodyFor(prefix: string): (req: { url?: string; rawBody?: Buffer }, res: unknown, buffer: Buffer) => void {
  return (req, _res, buffer) => {
    if (req.url?.startsWith(prefix)) req.rawBody = buffer;
  };
}
