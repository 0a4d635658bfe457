import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { PanelStatusDto } from './dto/status.dto';
import { StatusService } from './status.service';

@PanelController('status', 'Panel: status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  @PanelAuth()
  @ApiOperation({ summary: 'Live state of the QQ (OneBot) and WeChat bridges, openclaw.json and this process' })
  @ApiOkResponse({ type: PanelStatusDto })
  get(): Promise<PanelStatusDto> {
    return this.status.status();
  }
}
