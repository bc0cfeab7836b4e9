import { useEffect, useRef, useState } from 'react';
import { Alert, Box } from '@mui/material';
import { useTranslate } from 'react-admin';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';

/** A small figure pinned to an element of the diagram (a heatmap count, a mark). */
export interface DiagramBadge {
  elementId: string;
  text: string;
  tone: 'info' | 'warning' | 'error';
  /** what a screen reader and a test read */
  title: string;
  testId?: string;
}

export interface BpmnDiagramProps {
  xml: string;
  /** where tokens wait now: outlined blue */
  active?: string[];
  /** the element the page is about (the task's step): filled blue */
  current?: string | null;
  /** steps done: greyed green */
  completed?: string[];
  /** elements with an open incident: red */
  incidents?: string[];
  /** heat of an element between 0 and 1 (the cockpit's waiting tokens): orange, stronger when hotter */
  heat?: Record<string, number>;
  badges?: DiagramBadge[];
  /** a click on an element of the process (not the canvas) */
  onElementClick?: (elementId: string) => void;
  height?: number;
  testId?: string;
}

const BADGE_COLORS: Record<DiagramBadge['tone'], string> = { info: '#1565c0', warning: '#e65100', error: '#c62828' };
const HEAT_LEVELS = 4;

/**
 * A read-only BPMN diagram (bpmn-js NavigatedViewer: pan and zoom, no editing) with the marks the
 * pages need: the current step, waiting and completed steps, incidents, heat and small badges.
 * Reusable by the process admins' pages (version diff, instance views).
 */
export const BpmnDiagram = ({ xml, active = [], current, completed = [], incidents = [], heat = {}, badges = [], onElementClick, height = 420, testId = 'bpmn-diagram' }: BpmnDiagramProps) => {
  const translate = useTranslate();
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const clickRef = useRef(onElementClick);
  clickRef.current = onElementClick;
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(0);

  useEffect(() => {
    if (!container.current) return;
    const v = new NavigatedViewer({ container: container.current });
    viewer.current = v;
    const eventBus = v.get<{ on: (event: string, cb: (e: { element: { id: string; type: string } }) => void) => void }>('eventBus');
    eventBus.on('element.click', (e) => {
      if (e.element.type !== 'bpmn:Process' && e.element.type !== 'bpmn:Collaboration' && e.element.type !== 'label') clickRef.current?.(e.element.id);
    });
    return () => {
      v.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    const v = viewer.current;
    if (!v) return;
    let cancelled = false;
    v.importXML(xml)
      .then(() => {
        if (cancelled) return;
        v.get<{ zoom: (level: string) => void }>('canvas').zoom('fit-viewport');
        setError(null);
        setRendered((n) => n + 1);
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, [xml]);

  // marks and badges, redrawn whenever they change (and after every import)
  useEffect(() => {
    const v = viewer.current;
    if (!v || !rendered) return;
    const canvas = v.get<{ addMarker: (id: string, cls: string) => void; removeMarker: (id: string, cls: string) => void }>('canvas');
    const registry = v.get<{ get: (id: string) => unknown; getAll: () => { id: string }[] }>('elementRegistry');
    const overlays = v.get<{ add: (id: string, type: string, o: object) => string; remove: (filter: { type: string }) => void }>('overlays');
    const classes = ['bf-active', 'bf-current', 'bf-completed', 'bf-incident', 'bf-clickable', ...Array.from({ length: HEAT_LEVELS }, (_, i) => `bf-heat-${i + 1}`)];
    for (const el of registry.getAll()) for (const c of classes) canvas.removeMarker(el.id, c);
    overlays.remove({ type: 'bf-badge' });
    const mark = (ids: string[], cls: string) => ids.filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, cls));
    mark(completed, 'bf-completed');
    mark(active, 'bf-active');
    if (current) mark([current], 'bf-current');
    mark(incidents, 'bf-incident');
    for (const [id, h] of Object.entries(heat)) if (h > 0) mark([id], `bf-heat-${Math.min(HEAT_LEVELS, Math.max(1, Math.ceil(h * HEAT_LEVELS)))}`);
    if (onElementClick) mark(registry.getAll().map((e) => e.id), 'bf-clickable');
    const perElement = new Map<string, number>();
    for (const b of badges) {
      if (!registry.get(b.elementId)) continue;
      const n = perElement.get(b.elementId) ?? 0;
      perElement.set(b.elementId, n + 1);
      const html = document.createElement('span');
      html.textContent = b.text;
      html.title = b.title;
      html.setAttribute('aria-label', b.title);
      if (b.testId) html.dataset.testid = b.testId;
      html.dataset.elementId = b.elementId;
      Object.assign(html.style, {
        display: 'inline-block',
        padding: '0 6px',
        borderRadius: '10px',
        font: '600 12px/18px sans-serif',
        color: '#fff',
        whiteSpace: 'nowrap',
        background: BADGE_COLORS[b.tone],
        boxShadow: '0 1px 2px rgba(0,0,0,.3)',
        cursor: onElementClick ? 'pointer' : 'default',
      });
      if (onElementClick) html.addEventListener('click', () => clickRef.current?.(b.elementId));
      overlays.add(b.elementId, 'bf-badge', { position: { top: -10 + n * 20, right: 10 }, html });
    }
  }, [rendered, active.join(), current, completed.join(), incidents.join(), JSON.stringify(heat), JSON.stringify(badges), !!onElementClick]);

  const shape = (stroke: string, fill: string, width = 2) => ({
    '& .djs-visual > :nth-of-type(1)': { stroke: `${stroke} !important`, fill: `${fill} !important`, strokeWidth: `${width}px !important` },
  });
  return (
    <Box>
      {error && <Alert severity="error">{translate('app.diagram.error', { message: error })}</Alert>}
      <Box
        ref={container}
        data-testid={testId}
        data-active={active.join(' ')}
        data-current={current ?? ''}
        data-completed={completed.join(' ')}
        data-incidents={incidents.join(' ')}
        data-rendered={rendered > 0 ? 'true' : 'false'}
        role="img"
        aria-label={translate('app.diagram.label')}
        sx={{
          height,
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          bgcolor: '#fff',
          '& .bjs-powered-by': { display: 'none' },
          '& .bf-completed:not(.djs-connection)': shape('#2e7d32', '#e8f5e9'),
          '& .bf-active:not(.djs-connection)': shape('#1565c0', '#e3f2fd', 3),
          '& .bf-current:not(.djs-connection)': shape('#0d47a1', '#bbdefb', 4),
          '& .bf-heat-1:not(.djs-connection)': shape('#ef6c00', '#fff3e0', 3),
          '& .bf-heat-2:not(.djs-connection)': shape('#ef6c00', '#ffe0b2', 3),
          '& .bf-heat-3:not(.djs-connection)': shape('#e65100', '#ffb74d', 4),
          '& .bf-heat-4:not(.djs-connection)': shape('#bf360c', '#ff8a65', 4),
          '& .bf-incident:not(.djs-connection)': shape('#c62828', '#ffebee', 4),
          '& .bf-clickable:not(.djs-connection)': { cursor: 'pointer' },
        }}
      />
    </Box>
  );
};
