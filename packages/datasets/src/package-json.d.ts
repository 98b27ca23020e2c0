// This package's tsconfig turns `resolveJsonModule` off (see the note there), so register.ts's import
// of its own package.json is typed here instead. Not emitted: nothing exported mentions it.
declare module '*/package.json' {
  const manifest: { readonly name: string; readonly version: string };
  export default manifest;
}
