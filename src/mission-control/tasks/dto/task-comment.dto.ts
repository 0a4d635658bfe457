import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TaskCommentEntity } from '../entities/task-comment.entity';
import { TaskActorDto } from './task.dto';

export class CreateTaskCommentDto {
  @ApiProperty({ example: 'Blocked on the staging database; retrying at 18:00.', maxLength: 10000 })
  @IsString() @IsNotEmpty() @MaxLength(10000)
  body: string;
}

export class TaskCommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: TaskActorDto }) author: TaskActorDto;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: TaskCommentEntity): TaskCommentDto {
    return {
      id: entity.id,
      task_id: entity.taskId,
      body: entity.body,
      author: { type: entity.authorType, id: entity.authorId },
      created_at: entity.createdAt.toISOString(),
    };
  }
}
