import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { BooleanInput, NumberInput, SelectInput, TextInput, useDataProvider, useTranslate } from 'react-admin';
import type { Department } from '../../../../workers/crosscheck/contract';
import { MoneyInput } from '../../applications/inputs/MoneyInput';
import { DateTextInput } from '../../common/DateTextInput';
import type { AppDataProvider } from '../../dataProvider';
import { UploadButton } from '../../documents/DocumentsPanel';
import { useDocuments } from '../../documents/useDocuments';
import type { TaskFieldsProps } from './index';

/** The manual check task of each department in filing.bpmn. */
export const MANUAL_CHECK_DEPARTMENTS: Record<string, Department> = {
  manual_civilAffairs: 'civil_affairs',
  manual_housing: 'housing',
  manual_hrss: 'hrss',
  manual_police: 'police',
  manual_tax: 'tax',
};

/** What one person's entry holds, per department (docs/department-connectors.md, “Response”). */
const PersonInputs = ({ department, prefix }: { department: Department; prefix: string }) => {
  const f = (name: string) => ({ id: `${prefix}.${name}`, source: `${prefix}.${name}`, label: `app.crosscheck.fields.${name}` });
  switch (department) {
    case 'civil_affairs':
      return (
        <>
          <BooleanInput {...f('isDibao')} />
          <DateTextInput {...f('dibaoSince')} month fullWidth={false} />
        </>
      );
    case 'housing':
      return (
        <>
          <NumberInput {...f('homesOwned')} step={1} min={0} isRequired />
          <TextInput {...f('certificates')} helperText="app.crosscheck.fields.certificates_help" />
        </>
      );
    case 'hrss':
      return (
        <>
          <BooleanInput {...f('insured')} />
          <TextInput {...f('employer')} />
          <MoneyInput {...f('monthlyWage')} />
        </>
      );
    case 'police':
      return (
        <>
          <BooleanInput {...f('registered')} />
          <TextInput {...f('householdId')} />
          <NumberInput {...f('vehicles')} step={1} min={0} isRequired />
        </>
      );
    case 'tax':
      return <MoneyInput {...f('annualIncome')} isRequired />;
  }
};

/** A switch must start somewhere: “not found” for yes/no findings; counts and amounts are typed. */
const SWITCH_DEFAULTS: Record<Department, Record<string, boolean>> = {
  civil_affairs: { isDibao: false },
  housing: {},
  hrss: { insured: false },
  police: { registered: true },
  tax: {},
};

/** 不动产权证号 are typed as one line; the contract wants a list. */
export function certificatesToList(values: Record<string, unknown>): Record<string, unknown> {
  const findings = values.findings as { persons?: Record<string, unknown>[] } | undefined;
  if (!findings?.persons) return values;
  const persons = findings.persons.map((p) => {
    if (typeof p.certificates !== 'string') return p;
    const list = p.certificates.split(/[,，、;；\s]+/).filter(Boolean);
    const { certificates: _typed, ...rest } = p;
    return list.length ? { ...rest, certificates: list } : rest;
  });
  return { ...values, findings: { ...findings, persons } };
}

/**
 * 部门人工核查: a department without an endpoint answered by letter; the county reviewer enters
 * its answer per household member in the connector contract's shape and attaches the letter
 * (部门复函). The members' full ID numbers are fetched (and audited) because the answer is
 * keyed by them; they stay out of sight.
 */
export const CrosscheckFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { setValue } = useFormContext();
  const department = MANUAL_CHECK_DEPARTMENTS[task.elementId];
  const fileId = task.file?.id;
  const persons = useQuery({
    queryKey: ['files', fileId, 'reveal'],
    queryFn: async () => (await dataProvider.revealFile(fileId as string)).data,
    enabled: !!fileId && !!department,
    staleTime: Infinity,
  });
  const { data: docs = [] } = useDocuments(fileId);
  // this department's letter: the one uploaded at this task's step
  const letters = docs.filter((d) => d.kind === 'reply_letter' && d.stepId === task.elementId);

  const people = persons.data ? [{ name: translate('app.crosscheck.applicant'), idNumber: persons.data.idNumber }, ...persons.data.members] : [];
  // Put back after a reset of the form too: with the household already cached (the task page
  // opened again), react-admin's reset to the defaults runs after this effect.
  const rows = useWatch({ name: 'findings.persons' }) as Array<{ idNumber?: unknown } | undefined> | undefined;
  const missing = people.some((p, i) => rows?.[i]?.idNumber !== p.idNumber);
  useEffect(() => {
    if (!department || !missing) return;
    people.forEach((p, i) => {
      setValue(`findings.persons.${i}.idNumber`, p.idNumber);
      for (const [name, value] of Object.entries(SWITCH_DEFAULTS[department])) setValue(`findings.persons.${i}.${name}`, value);
    });
  }, [persons.data, department, missing]); // once per loaded household (or reset form)

  if (!department || !fileId) {
    return <Alert severity="warning">{translate('app.task.unsupported_form', { formKey: task.formKey ?? '' })}</Alert>;
  }
  return (
    <Box data-testid="crosscheck-form" data-department={department}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.crosscheck.manual_intro')}
      </Typography>
      {persons.isPending && <CircularProgress size={20} />}
      {persons.error && <Alert severity="error">{(persons.error as Error).message}</Alert>}
      {people.map((p, i) => (
        <Box key={p.idNumber} sx={{ mb: 2 }} data-testid="crosscheck-person">
          <Typography variant="subtitle2">{translate('app.crosscheck.person', { n: i + 1, name: p.name })}</Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', columnGap: 2, alignItems: 'start' }}>
            <PersonInputs department={department} prefix={`findings.persons.${i}`} />
          </Box>
        </Box>
      ))}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <SelectInput
          id="letterDocumentId"
          source="letterDocumentId"
          label="app.crosscheck.fields.letterDocumentId"
          choices={letters.map((d) => ({ id: d.id, name: d.name }))}
          isRequired
          sx={{ minWidth: 260 }}
        />
        <Box sx={{ mt: 1.5 }}>
          <UploadButton
            fileId={fileId}
            kind="reply_letter"
            stepId={task.elementId}
            label="app.crosscheck.upload_letter"
            onUploaded={(doc) => setValue('letterDocumentId', doc.id, { shouldDirty: true, shouldValidate: true })}
          />
        </Box>
      </Box>
    </Box>
  );
};
