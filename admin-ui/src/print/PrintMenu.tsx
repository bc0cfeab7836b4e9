import PrintIcon from '@mui/icons-material/Print';
import { Box, Divider, FormControlLabel, ListSubheader, Menu, MenuItem, Switch, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, Confirm, useTranslate } from 'react-admin';

export type PrintFormat = 'html' | 'pdf' | 'xlsx';

/** A printable document: its page at `href`, the same with `.pdf` / `.xlsx` appended for the files. */
export type PrintDocument = { id: string; label: string; href: string; formats: readonly PrintFormat[] };

/** `/api/files/1/print/archive` → `.pdf`, `?full=1` for the full ID numbers. */
export function printHref(doc: Pick<PrintDocument, 'href'>, format: PrintFormat, full: boolean): string {
  return `${doc.href}${format === 'html' ? '' : `.${format}`}${full ? '?full=1' : ''}`;
}

/**
 * 打印: the documents of a page (attachments 1–5) as a print page in a new tab, as PDF, or as
 * .xlsx. They print ID numbers masked; 完整身份证号 is asked for on purpose, after a dialog that
 * says the read is recorded (the server audits every `?full=1`).
 */
export const PrintMenu = ({ docs, testId = 'print-menu' }: { docs: readonly PrintDocument[]; testId?: string }) => {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [full, setFull] = useState(false);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button label="app.print.button" onClick={(e) => setAnchor(e.currentTarget)} data-testid={testId} variant="outlined">
        <PrintIcon />
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { minWidth: 280 } } }} data-testid={`${testId}-items`}>
        <Box sx={{ px: 2, pb: 1 }}>
          <FormControlLabel
            control={<Switch size="small" checked={full} onChange={(e) => (e.target.checked ? setAsking(true) : setFull(false))} data-testid="print-full-switch" />}
            label={<Typography variant="body2">{translate('app.print.full')}</Typography>}
          />
          {full && (
            <Typography variant="caption" color="warning.main" component="div" data-testid="print-full-on">
              {translate('app.print.full_on')}
            </Typography>
          )}
        </Box>
        <Divider />
        {docs.map((doc) => [
          <ListSubheader key={`${doc.id}-header`} sx={{ lineHeight: '32px' }}>
            {translate(doc.label)}
          </ListSubheader>,
          ...doc.formats.map((format) => (
            <MenuItem
              key={`${doc.id}-${format}`}
              component="a"
              href={printHref(doc, format, full)}
              target={format === 'xlsx' ? undefined : '_blank'}
              rel="noopener"
              download={format === 'xlsx' ? '' : undefined}
              onClick={() => setAnchor(null)}
              data-testid={`print-${doc.id}-${format}`}
              sx={{ pl: 4 }}
            >
              {translate(`app.print.formats.${format}`)}
            </MenuItem>
          )),
        ])}
      </Menu>
      <Confirm
        isOpen={asking}
        title="app.print.full_title"
        content="app.print.full_content"
        confirm="app.print.full_confirm"
        onConfirm={() => {
          setFull(true);
          setAsking(false);
        }}
        onClose={() => setAsking(false)}
      />
    </>
  );
};
