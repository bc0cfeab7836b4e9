/* eslint-disable @typescript-eslint/no-explicit-any */
// The properties panel and the Camunda behaviours ship without type declarations.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: any;
  export const BpmnPropertiesProviderModule: any;
  export const ZeebePropertiesProviderModule: any;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: any;
  export default module;
}
