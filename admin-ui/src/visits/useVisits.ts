import { useQuery } from '@tanstack/react-query';
import { useDataProvider, type Identifier } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';

export const visitsKey = (fileId: Identifier) => ['files', String(fileId), 'visits'] as const;

/** The file's visits, latest first; invalidated after a visit is recorded. */
export function useVisits(fileId: Identifier | undefined) {
  const dataProvider = useDataProvider<AppDataProvider>();
  return useQuery({
    queryKey: visitsKey(fileId ?? ''),
    queryFn: async () => (await dataProvider.getVisits(fileId as Identifier)).data,
    enabled: fileId != null,
  });
}
