import { Chip } from '@mui/material';
import { CreateButton, Datagrid, FunctionField, List, NumberField, SelectInput, TextField, TopToolbar, useCanAccess, useTranslate } from 'react-admin';
import { CATEGORIES } from '../../../workers/projects/vocabulary';
import { formatFen } from '../common/format';
import type { ProjectRecord } from './types';

const categoryChoices = CATEGORIES.map((id) => ({ id, name: `app.projects.categories.${id}` }));

const Actions = () => {
  const { canAccess } = useCanAccess({ resource: 'projects', action: 'create' });
  return <TopToolbar>{canAccess && <CreateButton label="app.projects.publish" data-testid="publish-project" />}</TopToolbar>;
};

/** 分类帮扶项目: the projects above the caller's union and inside its subtree. */
export const ProjectList = () => {
  const translate = useTranslate();
  return (
    <List
      title="app.projects.title"
      actions={<Actions />}
      filters={[<SelectInput key="category" source="category" label="app.projects.fields.category" choices={categoryChoices} alwaysOn />]}
      pagination={false}
      perPage={1000}
      sort={{ field: 'year', order: 'DESC' }}
      empty={false}
      disableSyncWithLocation
    >
      <Datagrid rowClick="show" bulkActionButtons={false} data-testid="project-list">
        <FunctionField
          label="app.projects.fields.name"
          render={(p: ProjectRecord) => (
            <>
              {p.name}
              {p.isDemo && <Chip size="small" variant="outlined" sx={{ ml: 1 }} label={translate('app.projects.demo')} />}
            </>
          )}
        />
        <TextField source="orgName" label="app.projects.fields.orgName" sortable={false} />
        <NumberField source="year" label="app.projects.fields.year" options={{ useGrouping: false }} sortable={false} />
        <FunctionField label="app.projects.fields.category" render={(p: ProjectRecord) => translate(`app.projects.categories.${p.category}`, { _: p.category })} />
        <FunctionField label="app.projects.fields.budget" render={(p: ProjectRecord) => formatFen(p.budget)} />
        <FunctionField label="app.projects.fields.spent" render={(p: ProjectRecord) => formatFen(p.spent)} />
        <FunctionField
          label="app.projects.fields.targetCount"
          render={(p: ProjectRecord) => (p.targetCount ? `${p.targetCount} ${translate(`app.projects.target_kinds.${p.targetKind}`)}` : '—')}
        />
        <NumberField source="enrolled" label="app.projects.fields.enrolled" sortable={false} />
        <FunctionField label="app.projects.fields.status" render={(p: ProjectRecord) => translate(`app.projects.status.${p.status}`)} />
      </Datagrid>
    </List>
  );
};
