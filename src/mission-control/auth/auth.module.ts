import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { UsersModule } from '../users/users.module';
import { AdminCredentialsService } from './admin-credentials.service';
import { AdminStrategy } from './admin.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

/** The admin scheme: login, and the Passport strategy that recognises admin credentials. */
@Module({
  imports: [JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [AdminCredentialsService, AdminStrategy, AuthService],
  exports: [AdminCredentialsService],
})
export class AdminAuthModule {}
