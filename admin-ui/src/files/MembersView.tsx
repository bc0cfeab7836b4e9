import { Typography } from '@mui/material';
import { ArrayField, DataTable, useRecordContext, useTranslate } from 'react-admin';
import { labelOf, MEMBER } from '../applications/fields';
import { formatValue } from '../common/formatValue';
import type { FileDetail } from './types';

const COLUMNS = ['name', 'relation', 'idNumber', 'identity', 'healthStatus', 'medicalInsurance', 'monthlyIncome', 'schoolOrEmployer'];

/**
 * The members with every field of attachment 1 come from the application (`form.members`);
 * the filed member rows (`members`) carry the core fields only.
 */
function membersOf(record: FileDetail | undefined): Record<string, unknown>[] {
  if (record?.form?.members?.length) return record.form.members;
  return (record?.members ?? []).map(({ idNumberMasked, ...m }) => ({ ...m, idNumber: idNumberMasked }));
}

/** 家庭成员 (masked ID numbers), one row each. */
export const MembersView = () => {
  const translate = useTranslate();
  const rows = membersOf(useRecordContext<FileDetail>());
  if (rows.length === 0) {
    return <Typography color="text.secondary">{translate('app.file.no_members')}</Typography>;
  }
  return (
    <ArrayField source="members" record={{ id: 'members', members: rows.map((m, i) => ({ id: i, ...m })) }}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        {MEMBER.fields
          .filter((field) => COLUMNS.includes(field.name))
          .map((field) => (
            <DataTable.Col
              key={field.name}
              source={field.name}
              label={labelOf(MEMBER, field)}
              disableSort
              render={(member) => formatValue(field, member[field.name], translate)}
            />
          ))}
      </DataTable>
    </ArrayField>
  );
};
