/**
 * The bpmn-js pieces the process screens share: the Zeebe moddle (so extension elements read and
 * write as Camunda 8 expects), Chinese labels, and the stylesheets of diagram-js, bpmn-js and the
 * properties panel. The font is the file version, not the embedded one: the API's CSP allows no
 * `data:` fonts.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './bpmn.css';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { zhTranslateModule } from './bpmn-zh';

export const moddleExtensions = { zeebe: zeebeModdle };
export const commonModules = [zhTranslateModule];

/** What a bpmn-js service looks like to us: we call `get(name)` and a few methods on it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Service = any;
