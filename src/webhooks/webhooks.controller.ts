import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DeliveryListQueryDto } from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';
import { WebhookDeliveryDto } from './dto/webhooks.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

@ApiTags('webhooks')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('webhooks/deliveries')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  @Roles('admin')
  list(@Query() query: DeliveryListQueryDto) {
    return this.webhooks.list(query);
  }

  @Post(':id/retry')
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @Roles('admin')
  @HttpCode(202)
  retry(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.webhooks.retry(id);
  }
}
