import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { lazy, Suspense } from 'react';
import { Loading } from 'react-admin';
import { ProcessList } from './ProcessList';

// bpmn-js and its properties panel are large: loaded when a modeler or a diff is opened.
const ModelerPage = lazy(() => import('./ModelerPage').then((m) => ({ default: m.ModelerPage })));
const DiffPage = lazy(() => import('./DiffPage').then((m) => ({ default: m.DiffPage })));

const Modeler = () => (
  <Suspense fallback={<Loading />}>
    <ModelerPage />
  </Suspense>
);
const Diff = () => (
  <Suspense fallback={<Loading />}>
    <DiffPage />
  </Suspense>
);

/**
 * Screen `process-definitions` (流程定义): the versions of each process, a version in the BPMN
 * modeler (`:id/versions/:version/modeler`) and two versions compared (`:id/diff/:from/:to`).
 */
export const processes = { list: ProcessList, icon: AccountTreeIcon, Modeler, Diff };
