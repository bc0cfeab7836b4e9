import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CloudUploadIcon from '@mui/icons-material/CloudUpload';
import { Alert, Box, Button, Chip, CircularProgress, List, ListItemButton, ListItemText, Paper, Stack, Typography } from '@mui/material';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import { useCallback, useEffect, useRef, useState } from 'react';
import { HttpError, Title, useCanAccess, useNotify, useTranslate } from 'react-admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { apiFetch } from '../http';
import { commonModules, moddleExtensions, type Service } from './bpmn';
import { LINT_RULES_ZH } from './bpmn-zh';
import type { ModelProblem, VersionXml } from './types';

const t = (key: string) => `app.processes.${key}`;
/** Lint after the admin stops editing for this long. */
const LINT_DEBOUNCE_MS = 500;
const READABLE_SCALE = 0.7;

const blocking = (p: ModelProblem) => p.category === 'error' || p.category === 'rule-error';

/** Camunda's and bpmnlint's rules answer in English: the rule's Chinese name is shown, the original on hover. */
const ProblemText = ({ problem }: { problem: ModelProblem }) => {
  const translate = useTranslate();
  const text = problem.source === 'camunda' ? (LINT_RULES_ZH[problem.rule] ?? translate(t('lint.other_rule'), { rule: problem.rule })) : problem.message;
  return <span title={problem.source === 'camunda' ? problem.message : undefined}>{text}</span>;
};

/**
 * A version in the bpmn-js Modeler with the Camunda 8 (Zeebe) properties panel. Every edit is
 * linted on the server after a pause (Camunda 8.8 rules, the embedded engine's subset, the
 * project's rules); problems are listed and marked on their elements; 部署为新版本 deploys the
 * edited model as the process's next version. Supervisors see the model without editing tools.
 */
export const ModelerPage = () => {
  const { id = '', version = '' } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const { canAccess: canEdit = false, isPending: accessPending } = useCanAccess({ resource: 'process-definitions', action: 'edit' });
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Service>(null);
  const markedRef = useRef<string[]>([]);
  const [problems, setProblems] = useState<ModelProblem[] | null>(null);
  const [linting, setLinting] = useState(false);
  const [edited, setEdited] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);
  // an older version may be deployed unchanged: that is how a process admin rolls back
  const [older, setOlder] = useState(false);

  useEffect(() => {
    if (accessPending) return;
    const modeler: Service = canEdit
      ? new BpmnModeler({
          container: canvasRef.current!,
          propertiesPanel: { parent: panelRef.current! },
          additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, ...commonModules],
          moddleExtensions,
        })
      : new NavigatedViewer({ container: canvasRef.current!, additionalModules: commonModules, moddleExtensions });
    modelerRef.current = modeler;
    let cancelled = false;
    let timer: number | undefined;
    let seq = 0;
    const lint = async () => {
      if (!canEdit) return;
      const mine = ++seq;
      setLinting(true);
      try {
        const { xml } = await modeler.saveXML();
        const res = await apiFetch<{ problems: ModelProblem[] }>('/api/process-definitions/lint', { method: 'POST', body: { xml } });
        if (!cancelled && mine === seq) setProblems(res.json.problems);
      } catch (err) {
        if (!cancelled) notify((err as Error).message, { type: 'error' });
      } finally {
        if (!cancelled && mine === seq) setLinting(false);
      }
    };
    apiFetch<VersionXml>(`/api/process-definitions/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}/xml`)
      .then(async ({ json }) => {
        setName(json.name);
        setOlder(json.version < json.latestVersion);
        await modeler.importXML(json.xml);
        if (cancelled) return;
        // the whole filing model fits only at a scale too small to read: start at its left end, readable
        const canvas = modeler.get('canvas');
        canvas.zoom('fit-viewport');
        const box = canvas.viewbox();
        if (box.scale < READABLE_SCALE) canvas.viewbox({ x: box.inner.x - 80, y: box.inner.y - 20, width: box.outer.width / READABLE_SCALE, height: box.outer.height / READABLE_SCALE });
        modeler.on('commandStack.changed', () => {
          setEdited(true);
          window.clearTimeout(timer);
          timer = window.setTimeout(lint, LINT_DEBOUNCE_MS);
        });
        await lint();
      })
      .catch((err: Error) => !cancelled && setLoadError(err.message));
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      modeler.destroy();
      modelerRef.current = null;
    };
  }, [id, version, canEdit, accessPending, notify]);

  // problems marked on their elements
  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const canvas = modeler.get('canvas');
    const registry = modeler.get('elementRegistry');
    for (const el of markedRef.current) if (registry.get(el)) ['bf-lint-error', 'bf-lint-warn'].forEach((m) => canvas.removeMarker(el, m));
    markedRef.current = [];
    for (const p of problems ?? []) {
      if (!p.id || !registry.get(p.id)) continue;
      canvas.addMarker(p.id, blocking(p) ? 'bf-lint-error' : 'bf-lint-warn');
      markedRef.current.push(p.id);
    }
  }, [problems]);

  const select = useCallback((elementId: string | undefined) => {
    const modeler = modelerRef.current;
    const el = elementId && modeler?.get('elementRegistry').get(elementId);
    if (!el) return;
    modeler.get('selection', false)?.select(el);
    if (el.waypoints || el.x !== undefined) {
      // the whole filing model fits the screen only at a scale too small to read: zoom in on it
      modeler.get('canvas').zoom(1);
      modeler.get('canvas').scrollToElement(el);
    }
  }, []);

  const deploy = async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setDeploying(true);
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const res = await apiFetch<{ version: number }>(`/api/process-definitions/${encodeURIComponent(id)}/versions`, { method: 'POST', body: { xml } });
      notify(t('deployed'), { type: 'success', messageArgs: { version: res.json.version } });
      navigate('/process-definitions');
    } catch (err) {
      const body = err instanceof HttpError ? (err.body as { problems?: ModelProblem[] } | null) : null;
      if (body?.problems) setProblems(body.problems);
      notify((err as Error).message, { type: 'error' });
    } finally {
      setDeploying(false);
    }
  };

  const errors = (problems ?? []).filter(blocking);
  const state = !canEdit ? 'readonly' : linting || problems === null ? 'checking' : errors.length ? 'errors' : 'ok';
  return (
    <Box sx={{ my: 2, display: 'flex', flexDirection: 'column', height: 'calc(100vh - 96px)' }} data-testid="modeler-page">
      <Title title={t('modeler_title')} />
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Button component={Link} to="/process-definitions" startIcon={<ArrowBackIcon />}>
          {translate(t('back'))}
        </Button>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>
          {translate(t('editing'), { name: name ?? id, version })}
        </Typography>
        <Chip
          data-testid="lint-status"
          data-state={state}
          color={state === 'ok' ? 'success' : state === 'errors' ? 'error' : 'default'}
          icon={state === 'checking' ? <CircularProgress size={14} /> : undefined}
          label={translate(t(`lint.${state}`), { count: errors.length })}
        />
        {canEdit && (
          <Button
            variant="contained"
            startIcon={<CloudUploadIcon />}
            onClick={deploy}
            disabled={deploying || (!edited && !older) || state !== 'ok'}
            data-testid="deploy-version"
          >
            {translate(t('deploy'))}
          </Button>
        )}
      </Stack>
      {loadError && <Alert severity="error">{loadError}</Alert>}
      <Paper variant="outlined" sx={{ flexGrow: 1, display: 'flex', minHeight: 360, overflow: 'hidden' }}>
        <Box sx={{ flexGrow: 1, position: 'relative' }}>
          <div ref={canvasRef} className="bf-bpmn-canvas" data-testid="modeler-canvas" />
        </Box>
        <Box sx={{ width: 380, flexShrink: 0, display: canEdit ? 'block' : 'none' }}>
          <div ref={panelRef} className="bf-properties-panel" data-testid="properties-panel" />
        </Box>
      </Paper>
      {canEdit && (
        <Paper variant="outlined" sx={{ mt: 1, maxHeight: 180, overflow: 'auto' }} data-testid="lint-problems">
          <Typography variant="subtitle2" sx={{ px: 2, pt: 1 }}>
            {translate(t('lint.title'))}
          </Typography>
          {problems?.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ px: 2, pb: 1 }}>
              {translate(t('lint.none'))}
            </Typography>
          )}
          <List dense disablePadding>
            {(problems ?? []).map((p, i) => (
              <ListItemButton key={`${p.rule}-${p.id}-${i}`} onClick={() => select(p.id)} data-testid="lint-problem" data-element-id={p.id ?? ''} data-category={p.category}>
                <ListItemText
                  primary={<ProblemText problem={p} />}
                  secondary={`${p.id ?? translate(t('lint.whole_model'))} · ${translate(t(`lint.sources.${p.source}`))}`}
                  slotProps={{ primary: { color: blocking(p) ? 'error' : 'warning.main' } }}
                />
              </ListItemButton>
            ))}
          </List>
        </Paper>
      )}
    </Box>
  );
};
