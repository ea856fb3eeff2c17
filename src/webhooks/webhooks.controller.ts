import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DeliveryListQueryDto } from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks/deliveries')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Roles('admin')
  list(@Query() query: DeliveryListQueryDto) {
    return this.webhooks.list(query);
  }

  @Post(':id/retry')
  @Roles('admin')
  @HttpCode(202)
  retry(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.webhooks.retry(id);
  }
}
