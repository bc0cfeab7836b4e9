import { Box, Typography } from '@mui/material';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** printed at the bar's end */
  text: string;
  /** a target marked on the bar (same unit as value) */
  marker?: number;
  color?: string;
  title: string;
}

/**
 * A horizontal bar chart in plain SVG: one clickable row per bar (the drill-down), an optional
 * target marker. Bars scale to `max` (default: the largest value or marker).
 */
export const BarChart = ({ bars, onPick, max, testId, selected }: { bars: Bar[]; onPick?: (key: string) => void; max?: number; testId: string; selected?: string }) => {
  const top = max ?? Math.max(1, ...bars.map((b) => Math.max(b.value, b.marker ?? 0)));
  const W = 240;
  return (
    <Box component="ul" data-testid={testId} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {bars.map((b) => (
        <Box
          component="li"
          key={b.key}
          data-testid={`${testId}-bar`}
          data-key={b.key}
          data-value={b.value}
          title={b.title}
          aria-label={b.title}
          role={onPick ? 'button' : undefined}
          tabIndex={onPick ? 0 : undefined}
          onClick={() => onPick?.(b.key)}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onPick?.(b.key)}
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(90px, 11em) 1fr',
            alignItems: 'center',
            gap: 1,
            py: 0.25,
            px: 0.5,
            borderRadius: 1,
            cursor: onPick ? 'pointer' : 'default',
            bgcolor: selected === b.key ? 'action.selected' : undefined,
            '&:hover': onPick ? { bgcolor: 'action.hover' } : {},
          }}
        >
          <Typography variant="body2" noWrap title={b.label}>
            {b.label}
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <svg width={W} height={16} viewBox={`0 0 ${W} 16`} role="presentation" style={{ flex: '0 0 auto', maxWidth: '60%' }}>
              <rect x={0} y={3} width={W} height={10} rx={2} fill="#eceff1" />
              <rect x={0} y={3} width={Math.round((W * Math.min(b.value, top)) / top)} height={10} rx={2} fill={b.color ?? '#1976d2'} />
              {b.marker != null && <line x1={(W * Math.min(b.marker, top)) / top} x2={(W * Math.min(b.marker, top)) / top} y1={0} y2={16} stroke="#212121" strokeWidth={2} />}
            </svg>
            <Typography variant="body2" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
              {b.text}
            </Typography>
          </Box>
        </Box>
      ))}
    </Box>
  );
};

/** A big number that opens its list. */
export const Figure = ({ value, label, onClick, testId, tone = 'primary.main' }: { value: string | number; label: string; onClick?: () => void; testId: string; tone?: string }) => (
  <Box
    data-testid={testId}
    data-value={value}
    role={onClick ? 'button' : undefined}
    tabIndex={onClick ? 0 : undefined}
    onClick={onClick}
    onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onClick?.()}
    sx={{ cursor: onClick ? 'pointer' : 'default', p: 1, borderRadius: 1, '&:hover': onClick ? { bgcolor: 'action.hover' } : {} }}
  >
    <Typography variant="h4" sx={{ color: tone, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
      {value}
    </Typography>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
  </Box>
);
