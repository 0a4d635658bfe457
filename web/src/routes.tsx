import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from './lib/messages';

export interface ConsoleRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Shown in the side navigation under this label (nav-<path> is its test id); routes without one are reached by links. */
  nav?: MessageKey;
}

/** Every page of the signed-in console, in navigation order. Each page is its own chunk. */
export const consoleRoutes: ConsoleRoute[] = [
  { path: '/command-center', nav: 'nav.commandCenter', page: lazy(() => import('./pages/CommandCenterPage')) },
  { path: '/boards', nav: 'nav.boards', page: lazy(() => import('./pages/BoardsPage')) },
  { path: '/boards/:boardId', page: lazy(() => import('./pages/BoardPage')) },
  { path: '/agents', nav: 'nav.agents', page: lazy(() => import('./pages/AgentsPage')) },
  { path: '/gateways', nav: 'nav.gateways', page: lazy(() => import('./pages/GatewaysPage')) },
  { path: '/h5-users', nav: 'nav.h5Users', page: lazy(() => import('./pages/H5UsersPage')) },
  { path: '/chat', nav: 'nav.chat', page: lazy(() => import('./pages/ChatPage')) },
  { path: '/approvals', nav: 'nav.approvals', page: lazy(() => import('./pages/ApprovalsPage')) },
  { path: '/rules', nav: 'nav.rules', page: lazy(() => import('./pages/RulesPage')) },
  { path: '/pipelines', nav: 'nav.pipelines', page: lazy(() => import('./pages/PipelinesPage')) },
  { path: '/pipelines/:pipelineId', page: lazy(() => import('./pages/PipelinePage')) },
  { path: '/pipelines/runs/:runId', page: lazy(() => import('./pages/PipelineRunPage')) },
  { path: '/calendar', nav: 'nav.calendar', page: lazy(() => import('./pages/CalendarPage')) },
  { path: '/teams', nav: 'nav.teams', page: lazy(() => import('./pages/TeamsPage')) },
  { path: '/knowledge', nav: 'nav.knowledge', page: lazy(() => import('./pages/KnowledgePage')) },
  { path: '/skills', nav: 'nav.skills', page: lazy(() => import('./pages/SkillsPage')) },
  { path: '/souls', nav: 'nav.souls', page: lazy(() => import('./pages/SoulsPage')) },
  { path: '/activity', nav: 'nav.activity', page: lazy(() => import('./pages/ActivityPage')) },
  { path: '/organizations', nav: 'nav.organizations', page: lazy(() => import('./pages/OrganizationsPage')) },
  { path: '/users', nav: 'nav.users', page: lazy(() => import('./pages/UsersPage')) },
  { path: '/profile', nav: 'nav.profile', page: lazy(() => import('./pages/ProfilePage')) },
];
