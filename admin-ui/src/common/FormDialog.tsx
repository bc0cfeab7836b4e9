import { Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import type { ReactNode } from 'react';
import { Button, Form, SaveButton, useNotify, useTranslate, type HttpError, type ValidateForm } from 'react-admin';

type Props = {
  title: string;
  titleArgs?: Record<string, unknown>;
  record: Record<string, unknown>;
  /** Sends the values; a rejection with `{ errors }` puts the server's messages on the fields. */
  save: (values: Record<string, unknown>) => Promise<unknown>;
  success: string;
  successArgs?: Record<string, unknown>;
  onClose: () => void;
  onSaved: () => void;
  validate?: ValidateForm;
  testId?: string;
  children: ReactNode;
};

/** A small form in a dialog: saves pessimistically, closes on success, keeps the field errors otherwise. */
export const FormDialog = ({ title, titleArgs, record, save, success, successArgs, onClose, onSaved, validate, testId, children }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const onSubmit = async (values: Record<string, unknown>) => {
    try {
      await save(values);
      notify(success, { type: 'success', messageArgs: successArgs });
      onSaved();
    } catch (error) {
      const httpError = error as HttpError;
      notify(httpError.message, { type: 'error' });
      return httpError.body?.errors ?? undefined;
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth data-testid={testId}>
      <Form record={record} onSubmit={onSubmit} validate={validate}>
        <DialogTitle>{translate(title, titleArgs)}</DialogTitle>
        <DialogContent dividers>{children}</DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={onClose} />
          <SaveButton data-testid={testId ? `${testId}-save` : undefined} alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
};
