import { Chip } from '@mui/material';
import { Menu as RaMenu, useCanAccess, useTranslate } from 'react-admin';
import { applications } from '../applications';
import { campaigns } from '../campaigns';
import { cockpit } from '../cockpit';
import { yearWork } from '../year';
import { departmentConnectors } from '../connectors';
import { relapseWatch } from '../relapse';
import { projects } from '../projects';
import { rosters } from '../rosters';
import { rules } from '../rules';
import { processes } from '../processes';
import { files } from '../files';
import { funds } from '../funds';
import { importFiles } from '../import';
import { inbox } from '../inbox';
import { MOBILE_VISIT_PATH } from '../visits/MobileVisitPage';
import PhoneAndroidIcon from '@mui/icons-material/PhoneAndroid';
import { useTaskCount } from '../inbox/useTaskCount';

const TaskCount = () => {
  const count = useTaskCount('all');
  const translate = useTranslate();
  if (!count) return null;
  return (
    <Chip
      // inside the item's text (a <p>): a span, not a div
      component="span"
      data-testid="menu-task-count"
      size="small"
      color="error"
      label={count}
      aria-label={translate('app.menu.open_tasks', { count })}
      sx={{ ml: 1, height: 20 }}
    />
  );
};

export const Menu = () => {
  const translate = useTranslate();
  const { canAccess: canApply } = useCanAccess({ resource: 'applications', action: 'create' });
  const { canAccess: canVisit } = useCanAccess({ resource: 'visits', action: 'create' });
  const { canAccess: canImport } = useCanAccess({ resource: 'import', action: 'list' });
  const { canAccess: canSeeFunds } = useCanAccess({ resource: 'funds', action: 'list' });
  const { canAccess: canSeeCampaigns } = useCanAccess({ resource: 'campaigns', action: 'list' });
  const { canAccess: canSeeYearWork } = useCanAccess({ resource: 'year-work', action: 'list' });
  const { canAccess: canSeeRosters } = useCanAccess({ resource: 'rosters', action: 'list' });
  const { canAccess: canSeeProjects } = useCanAccess({ resource: 'projects', action: 'list' });
  const { canAccess: canSeeRelapse } = useCanAccess({ resource: 'relapse-watch', action: 'list' });
  const { canAccess: canSeeCockpit } = useCanAccess({ resource: 'cockpit', action: 'list' });
  const { canAccess: canSeeConnectors } = useCanAccess({ resource: 'department-connectors', action: 'list' });
  const { canAccess: canSeeProcesses } = useCanAccess({ resource: 'process-definitions', action: 'list' });
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText={translate('app.menu.dashboard')} />
      {canSeeCockpit && <RaMenu.Item to="/cockpit" data-testid="menu-cockpit" leftIcon={<cockpit.icon />} primaryText={translate('app.menu.cockpit')} />}
      <RaMenu.Item
        to="/tasks"
        data-testid="menu-tasks"
        leftIcon={<inbox.icon />}
        primaryText={
          <>
            {translate('app.menu.tasks')}
            <TaskCount />
          </>
        }
      />
      <RaMenu.Item to="/files" data-testid="menu-files" leftIcon={<files.icon />} primaryText={translate('app.menu.files')} />
      {canApply && (
        <RaMenu.Item
          to="/applications/create"
          data-testid="menu-application"
          leftIcon={<applications.icon />}
          primaryText={translate('app.menu.application')}
        />
      )}
      {canImport && <RaMenu.Item to="/import" data-testid="menu-import" leftIcon={<importFiles.icon />} primaryText={translate('app.menu.import')} />}
      {canVisit && (
        <RaMenu.Item to={MOBILE_VISIT_PATH} data-testid="menu-visit" leftIcon={<PhoneAndroidIcon />} primaryText={translate('app.menu.visit')} />
      )}
      {canSeeFunds && <RaMenu.Item to="/funds" data-testid="menu-funds" leftIcon={<funds.icon />} primaryText={translate('app.menu.funds')} />}
      {canSeeProjects && <RaMenu.Item to="/projects" data-testid="menu-projects" leftIcon={<projects.icon />} primaryText={translate('app.menu.projects')} />}
      {canSeeRosters && <RaMenu.Item to="/rosters" data-testid="menu-rosters" leftIcon={<rosters.icon />} primaryText={translate('app.menu.rosters')} />}
      {canSeeCampaigns && <RaMenu.Item to="/campaigns" data-testid="menu-campaigns" leftIcon={<campaigns.icon />} primaryText={translate('app.menu.campaigns')} />}
      {canSeeYearWork && <RaMenu.Item to="/year-work" data-testid="menu-year-work" leftIcon={<yearWork.icon />} primaryText={translate('app.menu.year_work')} />}
      {canSeeRelapse && <RaMenu.Item to="/relapse-watch" data-testid="menu-relapse" leftIcon={<relapseWatch.icon />} primaryText={translate('app.menu.relapse')} />}
      <RaMenu.Item to="/rules" data-testid="menu-rules" leftIcon={<rules.icon />} primaryText={translate('app.menu.rules')} />
      {canSeeProcesses && (
        <RaMenu.Item to="/process-definitions" data-testid="menu-processes" leftIcon={<processes.icon />} primaryText={translate('app.menu.processes')} />
      )}
      {canSeeConnectors && (
        <RaMenu.Item
          to="/department-connectors"
          data-testid="menu-connectors"
          leftIcon={<departmentConnectors.icon />}
          primaryText={translate('app.menu.connectors')}
        />
      )}
    </RaMenu>
  );
};
