import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentsModule } from '../agents/agents.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationEntity } from '../organizations/entities/organization.entity';
import { H5AssignmentEntity } from './entities/h5-assignment.entity';
import { H5RefreshTokenEntity } from './entities/h5-refresh-token.entity';
import { H5UserEntity } from './entities/h5-user.entity';
import { H5AuthController } from './h5-auth.controller';
import { H5AuthService } from './h5-auth.service';
import { H5TokensService } from './h5-tokens.service';
import { H5UsersController } from './h5-users.controller';
import { H5UsersService } from './h5-users.service';
import { H5Strategy } from './h5.strategy';

/** M3: H5 mobile users, their tokens and their agent assignments. */
@Module({
  imports: [
    TypeOrmModule.forFeature([H5UserEntity, H5RefreshTokenEntity, H5AssignmentEntity, OrganizationEntity]),
    JwtModule.register({}),
    AgentsModule,
    BoardsModule,
    ActivityModule,
  ],
  controllers: [H5AuthController, H5UsersController],
  providers: [H5AuthService, H5UsersService, H5TokensService, H5Strategy],
  exports: [H5TokensService, TypeOrmModule],
})
export class H5Module {}
