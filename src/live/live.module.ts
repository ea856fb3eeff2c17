import { Global, Module } from '@nestjs/common';
import { LivePublisher } from './live-publisher';
import { LiveGateway } from './live.gateway';

@Global()
@Module({ providers: [LiveGateway, LivePublisher], exports: [LivePublisher] })
export class LiveModule {}
