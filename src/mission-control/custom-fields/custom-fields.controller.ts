import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CustomFieldsService } from './custom-fields.service';
import { CreateCustomFieldDto, CustomFieldDto, CustomFieldListQueryDto, UpdateCustomFieldDto } from './dto/custom-field.dto';

@ApiTags('Task custom fields')
@AdminAuth()
@Controller('api/v1/task-custom-fields')
export class CustomFieldsController {
  constructor(private readonly fields: CustomFieldsService) {}

  @Get()
  @ApiOperation({ summary: 'List custom field definitions' })
  @ApiPageResponse(CustomFieldDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: CustomFieldListQueryDto) {
    return this.fields.list(principal, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Define a custom field (text, number, boolean, date, url, enum, json)',
    description: "Tasks carry values in custom_fields under the field's key; each value is checked against its type.",
  })
  @ApiCreatedResponse({ type: CustomFieldDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateCustomFieldDto) {
    return this.fields.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a custom field definition' })
  @ApiOkResponse({ type: CustomFieldDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.fields.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the label, required flag, options or description (key, type and board are fixed)' })
  @ApiOkResponse({ type: CustomFieldDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateCustomFieldDto) {
    return this.fields.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom field and its values on every task' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.fields.remove(principal, id);
  }
}
