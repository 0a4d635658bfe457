import { defineMessages } from './define';

/** Loading a large board: the paged task list, page by page. */
export default defineMessages(
  {
    'board.loading': 'Loading the tasks of this board…',
    'board.loadingCount': 'Loading tasks: {loaded} of {total}',
    'board.loadFailed': 'Loading stopped after {loaded} of {total} tasks',
  },
  {
    'board.loading': '正在加载这个看板的任务…',
    'board.loadingCount': '正在加载任务：已加载 {loaded} / {total} 个',
    'board.loadFailed': '加载在 {loaded} / {total} 个任务处中断',
  },
);
