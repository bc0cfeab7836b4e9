import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { applications } from './applications';
import { authProvider } from './authProvider';
import { campaigns } from './campaigns';
import { cockpit } from './cockpit';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { files } from './files';
import { funds } from './funds';
import { i18nProvider, zhCN } from './i18n';
import { importFiles } from './import';
import { inbox } from './inbox';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { theme } from './layout/theme';
import { relapseWatch } from './relapse';
import { projects } from './projects';
import { yearWork } from './year';
import { rosters } from './rosters';
import { rules } from './rules';
import { processes } from './processes';
import { departmentConnectors } from './connectors';
import { MOBILE_VISIT_PATH, MobileVisitPage } from './visits/MobileVisitPage';

export const App = () => (
  <Admin
    title={zhCN.app.name}
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    dashboard={Dashboard}
    loginPage={LoginPage}
    theme={theme}
    darkTheme={null}
    requireAuth
    // Served on an intranet: no call home.
    disableTelemetry
  >
    <Resource name="tasks" {...inbox} />
    <Resource name="files" {...files} />
    <Resource name="applications" {...applications} />
    <Resource name="funds" {...funds} />
    <Resource name="campaigns" {...campaigns} />
    <Resource name="projects" {...projects} />
    <Resource name="cockpit" {...cockpit} />
    <Resource name="year-work" {...yearWork} />
    <Resource name="import" {...importFiles} />
    <Resource name="rosters" {...rosters} />
    <Resource name="relapse-watch" {...relapseWatch} />
    <Resource name="rules" {...rules} />
    <Resource name="department-connectors" {...departmentConnectors} />
    <Resource name="process-definitions" list={processes.list} icon={processes.icon}>
      <Route path=":id/versions/:version/modeler" element={<processes.Modeler />} />
      <Route path=":id/diff/:from/:to" element={<processes.Diff />} />
    </Resource>
    {/* Phone pages: their own one-column shell, no menu or app bar. */}
    <CustomRoutes noLayout>
      <Route path={MOBILE_VISIT_PATH} element={<MobileVisitPage />} />
      <Route path={`${MOBILE_VISIT_PATH}/:fileId`} element={<MobileVisitPage />} />
    </CustomRoutes>
  </Admin>
);
