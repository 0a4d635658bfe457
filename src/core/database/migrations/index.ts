import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Boards1763900000000 } from './1763900000000-Boards';
import { TasksAndApprovals1764000000000 } from './1764000000000-TasksAndApprovals';
import { Tags1764100000000 } from './1764100000000-Tags';
import { TaskCustomFields1764200000000 } from './1764200000000-TaskCustomFields';
import { Memory1764300000000 } from './1764300000000-Memory';
import { TaskComments1764400000000 } from './1764400000000-TaskComments';
import { BoardWebhooks1764500000000 } from './1764500000000-BoardWebhooks';
import { Gateways1764600000000 } from './1764600000000-Gateways';
import { SkillsAndSouls1764700000000 } from './1764700000000-SkillsAndSouls';
import { PanelCore1764800000000 } from './1764800000000-PanelCore';
import { QqRequests1764900000000 } from './1764900000000-QqRequests';
import { WorkspaceNotes1765000000000 } from './1765000000000-WorkspaceNotes';
import { Outbox1765300000000 } from './1765300000000-Outbox';
import { PanelEventLog1765350000000 } from './1765350000000-PanelEventLog';
import { Suggestions1765400000000 } from './1765400000000-Suggestions';
import { Pipelines1765500000000 } from './1765500000000-Pipelines';
import { Calendar1765600000000 } from './1765600000000-Calendar';
import { TeamsAndUsage1765800000000 } from './1765800000000-TeamsAndUsage';
import { KnowledgeBase1766000000000 } from './1766000000000-KnowledgeBase';

/** Every migration, in order. A new one is generated with `npm run migration:generate` and added here. */
export const MIGRATIONS = [
  Foundation1763800000000, Boards1763900000000, TasksAndApprovals1764000000000, Tags1764100000000,
  TaskCustomFields1764200000000,
  Memory1764300000000,
  TaskComments1764400000000,
  BoardWebhooks1764500000000,
  Gateways1764600000000,
  SkillsAndSouls1764700000000,
  PanelCore1764800000000,
  QqRequests1764900000000,
  WorkspaceNotes1765000000000,
  Outbox1765300000000,
  PanelEventLog1765350000000,
  Suggestions1765400000000,
  Pipelines1765500000000,
  Calendar1765600000000,
  TeamsAndUsage1765800000000,
  KnowledgeBase1766000000000,
];
