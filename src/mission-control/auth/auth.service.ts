import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AdminCredentialsService } from './admin-credentials.service';
import { AdminLoginDto, AdminLoginResponseDto } from './dto/login.dto';

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly credentials: AdminCredentialsService,
    private readonly users: UsersService,
  ) {}

  async login(dto: AdminLoginDto): Promise<AdminLoginResponseDto> {
    if (this.config.authMode === 'clerk') {
      throw new BadRequestException({ detail: 'AUTH_MODE=clerk: sign in with the identity provider and send its JWT' });
    }
    let user;
    if (dto.token !== undefined) {
      if (!this.credentials.isStaticToken(dto.token)) throw new UnauthorizedException({ detail: 'Invalid admin token' });
      user = this.credentials.localAdminUser;
    } else {
      user = await this.users.verifyCredentials(dto.email!, dto.password!);
    }
    await this.users.recordLogin(user);
    const { token, expiresIn } = this.credentials.issue(user);
    return { access_token: token, token_type: 'bearer', expires_in: expiresIn, user: UserDto.from(user) };
  }
}
