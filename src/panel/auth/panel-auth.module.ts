import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PanelAuthController } from './panel-auth.controller';
import { PanelAuthService } from './panel-auth.service';
import { PanelStrategy } from './panel.strategy';

@Module({
  imports: [JwtModule.register({})],
  controllers: [PanelAuthController],
  providers: [PanelAuthService, PanelStrategy],
  exports: [PanelAuthService],
})
export class PanelAuthModule {}
