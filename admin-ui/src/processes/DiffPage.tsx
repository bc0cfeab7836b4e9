import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { apiFetch } from '../http';
import { commonModules, moddleExtensions, type Service } from './bpmn';
import { diffModels, type ElementChange, type ModelDiff } from './diff';
import type { VersionXml } from './types';

const t = (key: string) => `app.processes.diff.${key}`;

type Kind = 'added' | 'removed' | 'changed';
const COLOR: Record<Kind, 'success' | 'error' | 'warning'> = { added: 'success', removed: 'error', changed: 'warning' };

/** `extensionElements<bpmn:ExtensionElements>.values<zeebe:TaskSchedule>.dueDate` → `zeebe:TaskSchedule.dueDate` */
const shortPath = (path: string) => path.replace('extensionElements<bpmn:ExtensionElements>.values', '').replace(/^<([^>]+)>\./, '$1.').replace(/<([^>]+)>/g, '[$1]');

/**
 * Two versions side by side (the older left): removed elements red on the left, added green on
 * the right, changed ones orange on both; below, every change with what changed in it.
 */
export const DiffPage = () => {
  const { id = '', from = '', to = '' } = useParams();
  const translate = useTranslate();
  const leftRef = useRef<HTMLDivElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);
  const viewers = useRef<Service[]>([]);
  const [diff, setDiff] = useState<ModelDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);

  useEffect(() => {
    const left: Service = new NavigatedViewer({ container: leftRef.current!, additionalModules: commonModules, moddleExtensions });
    const right: Service = new NavigatedViewer({ container: rightRef.current!, additionalModules: commonModules, moddleExtensions });
    viewers.current = [left, right];
    let cancelled = false;
    const xmlOf = (v: string) =>
      apiFetch<VersionXml>(`/api/process-definitions/${encodeURIComponent(id)}/versions/${encodeURIComponent(v)}/xml`).then((r) => {
        setName(r.json.name);
        return r.json.xml;
      });
    Promise.all([xmlOf(from), xmlOf(to)])
      .then(async ([a, b]) => {
        await Promise.all([left.importXML(a), right.importXML(b)]);
        if (cancelled) return;
        const d = diffModels(left.getDefinitions(), right.getDefinitions());
        const mark = (viewer: Service, changes: ElementChange[], marker: string) => {
          const registry = viewer.get('elementRegistry');
          for (const c of changes) if (registry.get(c.id)) viewer.get('canvas').addMarker(c.id, marker);
        };
        mark(left, d.removed, 'bf-diff-removed');
        mark(left, d.changed, 'bf-diff-changed');
        mark(right, d.added, 'bf-diff-added');
        mark(right, d.changed, 'bf-diff-changed');
        for (const v of [left, right]) v.get('canvas').zoom('fit-viewport');
        setDiff(d);
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
      left.destroy();
      right.destroy();
    };
  }, [id, from, to]);

  const focus = (elementId: string) => {
    for (const v of viewers.current) {
      const el = v.get('elementRegistry').get(elementId);
      if (!el || el.waypoints || el.x === undefined) continue;
      v.get('canvas').zoom(1);
      v.get('canvas').scrollToElement(el);
    }
  };

  const rows: Array<ElementChange & { kind: Kind }> = diff ? (['changed', 'added', 'removed'] as const).flatMap((kind) => diff[kind].map((c) => ({ ...c, kind }))) : [];
  return (
    <Box sx={{ my: 2 }} data-testid="diff-page">
      <Title title="app.processes.diff.title" />
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Button component={Link} to="/process-definitions" startIcon={<ArrowBackIcon />}>
          {translate('app.processes.back')}
        </Button>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>
          {translate(t('heading'), { name: name ?? id, from, to })}
        </Typography>
        {diff && (
          <Stack direction="row" spacing={1} data-testid="diff-counts" data-added={diff.added.length} data-removed={diff.removed.length} data-changed={diff.changed.length}>
            {(['added', 'removed', 'changed'] as const).map((k) => (
              <Chip key={k} size="small" color={COLOR[k]} label={translate(t(`counts.${k}`), { count: diff[k].length })} />
            ))}
          </Stack>
        )}
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1} sx={{ height: 460 }}>
        {[
          { ref: leftRef, label: translate(t('side'), { version: from }), testId: 'diff-left' },
          { ref: rightRef, label: translate(t('side'), { version: to }), testId: 'diff-right' },
        ].map((side) => (
          <Paper key={side.testId} variant="outlined" sx={{ flex: 1, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
            <Typography variant="subtitle2" sx={{ px: 1.5, py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
              {side.label}
            </Typography>
            <Box sx={{ flexGrow: 1, position: 'relative' }}>
              <div ref={side.ref} className="bf-bpmn-canvas" data-testid={side.testId} />
            </Box>
          </Paper>
        ))}
      </Stack>
      {diff && (
        <Paper variant="outlined" sx={{ mt: 2 }}>
          {rows.length === 0 ? (
            <Typography sx={{ p: 2 }} color="text.secondary">
              {translate(t('none'))}
            </Typography>
          ) : (
            <Table size="small" data-testid="diff-table">
              <TableHead>
                <TableRow>
                  <TableCell>{translate(t('fields.kind'))}</TableCell>
                  <TableCell>{translate(t('fields.element'))}</TableCell>
                  <TableCell>{translate(t('fields.details'))}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={`${r.kind}-${r.id}`} hover onClick={() => focus(r.id)} sx={{ cursor: 'pointer' }} data-testid="diff-row" data-kind={r.kind} data-element-id={r.id}>
                    <TableCell>
                      <Chip size="small" color={COLOR[r.kind]} label={translate(t(`kinds.${r.kind}`))} />
                    </TableCell>
                    <TableCell>
                      {r.name ?? '—'} <Typography component="span" variant="caption" color="text.secondary">({r.id})</Typography>
                    </TableCell>
                    <TableCell>
                      {r.details.map((d) => (
                        <Typography key={d.path} variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                          {shortPath(d.path)}: {d.before ?? translate(t('absent'))} → {d.after ?? translate(t('absent'))}
                        </Typography>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Paper>
      )}
    </Box>
  );
};
