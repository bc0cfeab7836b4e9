import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { CockpitPage } from './CockpitPage';

/** Resource `cockpit`: the supervisors' 督查驾驶舱 (one page). */
export const cockpit = {
  list: CockpitPage,
  icon: MonitorHeartIcon,
};
