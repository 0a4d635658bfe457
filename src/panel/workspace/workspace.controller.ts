import { Body, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import {
  CleanAnswerDto,
  CleanDto,
  DeleteAnswerDto,
  DeletePathsDto,
  DownloadInfoDto,
  MkdirAnswerDto,
  MkdirDto,
  PreviewTextDto,
  SetWorkspaceNoteDto,
  UpdateWorkspaceConfigDto,
  UploadAnswerDto,
  WorkspaceConfigAnswerDto,
  WorkspaceErrorDto,
  WorkspaceListDto,
  WorkspaceNoteAnswerDto,
  WorkspaceNotesDto,
  WorkspaceStatsDto,
} from './dto/workspace.dto';
import { WorkspaceCleaner } from './workspace-cleaner.service';
import { WorkspaceConfigService } from './workspace-config.service';
import { WorkspaceUploadService } from './workspace-upload.service';
import { WorkspaceService } from './workspace.service';

const PATH_RULES =
  "relative to the workspace root ('/' between folders); refused: '..', absolute paths, backslashes, NUL and other " +
  'control characters, more than 1024 bytes (400), a path that a symbolic link leads outside the root (403)';
const TOKEN_QUERY = {
  name: 'token',
  required: false,
  description: 'the panel JWT, for links a browser opens (they cannot carry an Authorization header)',
};
const BINARY = { schema: { type: 'string', format: 'binary' } };

@PanelController('workspace', 'Panel: workspace')
@PanelAuth()
@ApiResponse({ status: 400, type: WorkspaceErrorDto, description: 'A malformed path or body' })
@ApiResponse({ status: 403, type: WorkspaceErrorDto, description: 'The path leads outside the workspace' })
@ApiResponse({ status: 404, type: WorkspaceErrorDto, description: 'No such file or folder' })
export class WorkspaceController {
  constructor(
    private readonly files: WorkspaceService,
    private readonly uploads: WorkspaceUploadService,
    private readonly cleaner: WorkspaceCleaner,
    private readonly config: WorkspaceConfigService,
  ) {}

  @Get('files')
  @ApiOperation({ summary: 'List a folder of the workspace (folders first), with notes' })
  @ApiQuery({ name: 'path', required: false, description: `the folder; absent or '' for the root. ${PATH_RULES}` })
  @ApiOkResponse({ type: WorkspaceListDto })
  list(@Query('path') path: unknown): Promise<WorkspaceListDto> {
    return this.files.list(path);
  }

  @Get('stats')
  @ApiOperation({ summary: 'Totals of the workspace: files, folders, bytes, files a clean would remove, by extension' })
  @ApiOkResponse({ type: WorkspaceStatsDto })
  stats(): Promise<WorkspaceStatsDto> {
    return this.files.stats();
  }

  @Post('upload')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Upload files (multipart/form-data: one "files" part per file, optional "path" and "conflict" fields)',
    description:
      'Files are written whole or not at all: each is streamed to a hidden temporary file and moved into place once the ' +
      'whole request has arrived. Limits (maxUploadFileBytes, maxUploadTotalBytes, maxUploadFiles in the workspace ' +
      'config) answer 413 and leave nothing behind. A name already taken: conflict=rename (default, "name (1).ext"), ' +
      'overwrite (replaces a file, never a folder) or error (409, nothing written). Not multipart: 415.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: {
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        path: { type: 'string', description: `the folder to put them in (must exist); '' for the root. ${PATH_RULES}` },
        conflict: { type: 'string', enum: ['rename', 'overwrite', 'error'], default: 'rename' },
      },
    },
  })
  @ApiOkResponse({ type: UploadAnswerDto })
  @ApiResponse({ status: 409, type: WorkspaceErrorDto, description: 'conflict=error and a name is taken' })
  @ApiResponse({ status: 413, type: WorkspaceErrorDto, description: 'A file, the request or the number of files is over its limit' })
  @ApiResponse({ status: 415, type: WorkspaceErrorDto, description: 'Not multipart/form-data' })
  upload(@Req() request: Request): Promise<UploadAnswerDto> {
    return this.uploads.upload(request);
  }

  @Post('mkdir')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create the folder `name` inside the folder `path`' })
  @ApiOkResponse({ type: MkdirAnswerDto })
  @ApiResponse({ status: 409, type: WorkspaceErrorDto, description: 'Something already has this name' })
  mkdir(@Body() dto: MkdirDto): Promise<MkdirAnswerDto> {
    return this.files.mkdir(dto);
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete files and folders (folders with everything in them)',
    description: 'Every path is checked first: one bad or missing path and nothing is deleted. A symbolic link is removed itself, never its target.',
  })
  @ApiOkResponse({ type: DeleteAnswerDto })
  delete(@Body() dto: DeletePathsDto): Promise<DeleteAnswerDto> {
    return this.files.delete(dto);
  }

  @Get('download')
  @ApiOperation({
    summary: 'Download a file (as an attachment); the JWT may be given as ?token=',
    description: 'With `Accept: application/json` (and not */*), a JSON description of the file instead of its bytes.',
  })
  @ApiQuery({ name: 'path', required: true, description: PATH_RULES })
  @ApiQuery(TOKEN_QUERY)
  @ApiExtraModels(DownloadInfoDto)
  @ApiOkResponse({
    description: 'the file',
    content: { 'application/octet-stream': BINARY, 'application/json': { schema: { $ref: getSchemaPath(DownloadInfoDto) } } },
  })
  download(@Query('path') path: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.files.download(path, request, response);
  }

  @Get('preview')
  @ApiOperation({
    summary: 'Preview a file: images as themselves (their content type), text as JSON (first 512 KiB); the JWT may be given as ?token=',
    description: 'Anything else (binary files) answers 415.',
  })
  @ApiQuery({ name: 'path', required: true, description: PATH_RULES })
  @ApiQuery(TOKEN_QUERY)
  @ApiExtraModels(PreviewTextDto)
  @ApiOkResponse({
    description: 'text as JSON, or the image',
    content: { 'application/json': { schema: { $ref: getSchemaPath(PreviewTextDto) } }, 'image/*': BINARY },
  })
  @ApiResponse({ status: 415, type: WorkspaceErrorDto, description: 'Neither text nor an image' })
  preview(@Query('path') path: unknown, @Res() response: Response): Promise<void> {
    return this.files.preview(path, response);
  }

  @Get('config')
  @ApiOperation({ summary: 'Workspace settings: auto-clean (enabled, age, exclude patterns, interval) and upload limits' })
  @ApiOkResponse({ type: WorkspaceConfigAnswerDto })
  getConfig(): Promise<WorkspaceConfigAnswerDto> {
    return this.config.get();
  }

  @Put('config')
  @ApiOperation({ summary: 'Change workspace settings (the fields given; the others stay) and re-arm the auto-clean schedule' })
  @ApiOkResponse({ type: WorkspaceConfigAnswerDto })
  updateConfig(@Body() dto: UpdateWorkspaceConfigDto): Promise<WorkspaceConfigAnswerDto> {
    return this.config.update(dto);
  }

  @Post('clean')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove files older than autoCleanDays now (exclude patterns kept; never anything outside the root)',
    description: 'Runs whether or not the scheduled auto-clean is enabled; folders and symbolic links are never removed.',
  })
  @ApiOkResponse({ type: CleanAnswerDto })
  clean(@Body() dto: CleanDto): Promise<CleanAnswerDto> {
    return this.cleaner.cleanNow(dto);
  }

  @Get('notes')
  @ApiOperation({ summary: 'Notes on workspace files and folders, by path' })
  @ApiOkResponse({ type: WorkspaceNotesDto })
  notes(): Promise<WorkspaceNotesDto> {
    return this.files.notes();
  }

  @Put('notes')
  @ApiOperation({ summary: 'Set the note on a file or folder (an empty note removes it)' })
  @ApiOkResponse({ type: WorkspaceNoteAnswerDto })
  setNote(@Body() dto: SetWorkspaceNoteDto): Promise<WorkspaceNoteAnswerDto> {
    return this.files.setNote(dto);
  }
}
