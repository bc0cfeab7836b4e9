import { zhCN as muiZhCN } from '@mui/material/locale';
import { defaultTheme, type RaThemeOptions } from 'react-admin';

type Components = NonNullable<RaThemeOptions['components']>;

/** Merges per-component overrides one level deep, so MUI's Chinese defaults keep react-admin's styles. */
function mergeComponents(a: Components, b: Components): Components {
  const out: Record<string, unknown> = { ...a };
  for (const [name, value] of Object.entries(b)) {
    const prev = (a as Record<string, Record<string, unknown> | undefined>)[name];
    const next = value as Record<string, unknown>;
    out[name] = prev ? { ...prev, ...next, defaultProps: { ...(prev.defaultProps as object), ...(next.defaultProps as object) } } : next;
  }
  return out as Components;
}

/** react-admin's default theme in calm blue (red stays for what is overdue or refused), with MUI's zh-CN texts. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1f5fa8' },
    secondary: { main: '#1f5fa8' },
    background: { default: '#f4f6f9' },
  },
  typography: {
    ...defaultTheme.typography,
    fontFamily: ['"Noto Sans CJK SC"', '"PingFang SC"', '"Microsoft YaHei"', 'system-ui', 'sans-serif'].join(','),
  },
  components: mergeComponents(defaultTheme.components ?? {}, muiZhCN.components as Components),
};
