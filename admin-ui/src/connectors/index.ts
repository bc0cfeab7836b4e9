import SettingsEthernetIcon from '@mui/icons-material/SettingsEthernet';
import { DepartmentConnectors } from './DepartmentConnectors';

/** Resource `department-connectors` (部门核查接口): the five departments' endpoints, one page. */
export const departmentConnectors = { list: DepartmentConnectors, icon: SettingsEthernetIcon };
