import AssignmentIcon from '@mui/icons-material/Assignment';
import { TaskList } from './TaskList';
import { TaskShow } from './TaskShow';
import type { Task } from './types';

/** Resource `tasks`: the official's inbox of user tasks (待办任务). */
export const inbox = {
  list: TaskList,
  show: TaskShow,
  icon: AssignmentIcon,
  recordRepresentation: (t: Task) => t.name,
};
