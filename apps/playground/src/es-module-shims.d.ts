// es-module-shims' types declare its globals (`importShim`) in a script file, not a module: imported
// for its side effects, it is typed here.
/// <reference types="es-module-shims" />
declare module 'es-module-shims/wasm';
