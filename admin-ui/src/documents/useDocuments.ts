import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, type HttpError, type Identifier } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { DocumentKind, DocumentRecord } from './types';

export const documentsKey = (fileId: Identifier) => ['files', String(fileId), 'documents'] as const;

/** Every document of a file (all steps), oldest first; refetched after each upload. */
export function useDocuments(fileId: Identifier | undefined) {
  const dataProvider = useDataProvider<AppDataProvider>();
  return useQuery({
    queryKey: documentsKey(fileId ?? ''),
    queryFn: async () => (await dataProvider.getDocuments(fileId as Identifier)).data,
    enabled: fileId != null,
  });
}

/**
 * Uploads one document and refreshes the list. Refusals (empty, too large, not PDF/JPG/PNG,
 * not allowed for this role) come back with the server's Chinese message.
 */
export function useUploadDocument(fileId: Identifier, stepId?: string, onUploaded?: (doc: DocumentRecord) => void) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation({
    mutationFn: ({ kind, file }: { kind: DocumentKind; file: File }) => dataProvider.uploadDocument(fileId, { kind, file, stepId }),
    onSuccess: ({ data }) => {
      notify('app.documents.uploaded', { type: 'success', messageArgs: { name: data.name } });
      void queryClient.invalidateQueries({ queryKey: documentsKey(fileId) });
      onUploaded?.(data);
    },
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });
}
