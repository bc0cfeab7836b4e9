import AddIcon from '@mui/icons-material/Add';
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { BooleanInput, Button, NumberInput, RadioButtonGroupInput, SelectInput, TextInput, useDataProvider, useGetList, useTranslate, type RaRecord } from 'react-admin';
import { LevelRuleSetSchema, SUB_NATIONAL_LEVELS, type LevelRuleSet } from '../../../workers/levels';
import { DateTextInput } from '../common/DateTextInput';
import { todayInShanghai } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import { withoutBlanks, zodFormValidator } from '../common/zodValidation';

export type LevelRuleSetRecord = RaRecord & LevelRuleSet & { createdAt: string };

const t = (key: string) => `app.rules.levels.${key}`;

/** The server assigns the version; the rest is the rule set as the admin configures it. */
const InputSchema = LevelRuleSetSchema.omit({ version: true });

/** The 收支差额 test is off while its ratio is left blank. */
function toInput(values: Record<string, unknown>): unknown {
  const v = withoutBlanks(values) as Record<string, unknown>;
  const net = v.netOfExpensesCeiling as { num?: number; den?: number } | undefined;
  return { ...v, netOfExpensesCeiling: net && (net.num !== undefined || net.den !== undefined) ? net : null };
}

const validate = zodFormValidator(InputSchema, { prepare: toInput });

const BLANK = {
  level: 'city',
  validFrom: todayInShanghai(),
  perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
  requireHardshipCause: true,
  acceptsNationalCriteria: true,
};

const RuleSetDialog = ({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) => {
  const dataProvider = useDataProvider();
  const translate = useTranslate();
  return (
    <FormDialog
      title={t('create_title')}
      record={BLANK}
      save={(values) => dataProvider.create('level-rule-sets', { data: toInput(values) as Record<string, unknown> })}
      success={t('created')}
      onClose={onClose}
      onSaved={onSaved}
      validate={validate}
      testId="level-rule-set-dialog"
    >
      <SelectInput id="level" source="level" label={t('level')} choices={SUB_NATIONAL_LEVELS.map((id) => ({ id, name: `app.file.level.${id}` }))} isRequired />
      <DateTextInput id="validFrom" source="validFrom" label={t('validFrom')} isRequired fullWidth={false} />
      <TextInput id="title" source="title" label={t('title')} helperText={t('title_help')} isRequired fullWidth />
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {translate(t('ceiling'))}
      </Typography>
      <RadioButtonGroupInput
        id="perCapitaCeiling.base"
        source="perCapitaCeiling.base"
        label={t('base')}
        choices={['dibao', 'lowIncomeLine'].map((id) => ({ id, name: t(`bases.${id}`) }))}
      />
      <Box sx={{ display: 'flex', gap: 2 }}>
        <NumberInput id="perCapitaCeiling.multiple.num" source="perCapitaCeiling.multiple.num" label={t('num')} step={1} min={1} />
        <NumberInput id="perCapitaCeiling.multiple.den" source="perCapitaCeiling.multiple.den" label={t('den')} step={1} min={1} />
      </Box>
      <BooleanInput id="perCapitaCeiling.inclusive" source="perCapitaCeiling.inclusive" label={t('inclusive')} />
      <BooleanInput id="requireHardshipCause" source="requireHardshipCause" label={t('requireHardshipCause')} />
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {translate(t('net'))}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {translate(t('net_help'))}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2 }}>
        <NumberInput id="netOfExpensesCeiling.num" source="netOfExpensesCeiling.num" label={t('num')} step={1} min={1} />
        <NumberInput id="netOfExpensesCeiling.den" source="netOfExpensesCeiling.den" label={t('den')} step={1} min={1} />
      </Box>
      <BooleanInput id="acceptsNationalCriteria" source="acceptsNationalCriteria" label={t('acceptsNationalCriteria')} />
    </FormDialog>
  );
};

const ratio = ({ num, den }: { num: number; den: number }) => (den === 1 ? `${num}` : `${num}/${den}`);

/** 各级建档标准: provincial to grassroots criteria, versioned and dated (SPEC §4); a change is a new version. */
export const LevelRuleSetsTab = ({ canEdit }: { canEdit: boolean }) => {
  const translate = useTranslate();
  const { data = [], refetch } = useGetList<LevelRuleSetRecord>('level-rule-sets', { pagination: { page: 1, perPage: 200 } });
  const [creating, setCreating] = useState(false);
  const yes = (v: boolean) => translate(`app.yes_no.${v}`);
  return (
    <Box data-testid="rules-levels">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(t('intro'))}
      </Typography>
      {canEdit && (
        <Button label={t('create')} onClick={() => setCreating(true)} variant="contained" data-testid="level-rule-set-create" sx={{ mb: 1 }}>
          <AddIcon />
        </Button>
      )}
      {data.length === 0 ? (
        <Typography color="text.secondary">{translate(t('none'))}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate(t('level'))}</TableCell>
              <TableCell>{translate(t('version'))}</TableCell>
              <TableCell>{translate(t('validFrom'))}</TableCell>
              <TableCell>{translate(t('title'))}</TableCell>
              <TableCell>{translate(t('ceiling'))}</TableCell>
              <TableCell>{translate(t('requireHardshipCause'))}</TableCell>
              <TableCell>{translate(t('net'))}</TableCell>
              <TableCell>{translate(t('acceptsNationalCriteria'))}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((r) => (
              <TableRow key={r.id} data-testid="level-rule-set-row" data-level={r.level} data-version={r.version}>
                <TableCell>{translate(`app.file.level.${r.level}`)}</TableCell>
                <TableCell>{translate(t('version_value'), { version: r.version })}</TableCell>
                <TableCell>{r.validFrom}</TableCell>
                <TableCell>{r.title}</TableCell>
                <TableCell>
                  {translate(t('ceiling_value'), {
                    base: translate(t(`bases.${r.perCapitaCeiling.base}`)),
                    multiple: ratio(r.perCapitaCeiling.multiple),
                    op: translate(t(r.perCapitaCeiling.inclusive ? 'inclusive_op' : 'exclusive_op')),
                  })}
                </TableCell>
                <TableCell>{yes(r.requireHardshipCause)}</TableCell>
                <TableCell>{r.netOfExpensesCeiling ? translate(t('net_value'), { multiple: ratio(r.netOfExpensesCeiling) }) : '—'}</TableCell>
                <TableCell>{yes(r.acceptsNationalCriteria)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {creating && (
        <RuleSetDialog
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            void refetch();
          }}
        />
      )}
    </Box>
  );
};
