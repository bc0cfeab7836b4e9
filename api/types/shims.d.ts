// Untyped dependencies of the embedded runtime; the runtime wraps them behind typed functions.
declare module 'bpmn-moddle';
declare module 'bpmn-elements';
declare module 'moddle-context-serializer';
