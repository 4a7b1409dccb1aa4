// The part of the WebAssembly JS API that bpf/ uses (Node provides it; TypeScript declares it only in the
// DOM libraries, which this project does not load).
declare namespace WebAssembly {
  type ImportValue = ((...args: never[]) => unknown) | Global | Memory | Table;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;
  interface ModuleImportDescriptor { readonly module: string; readonly name: string; readonly kind: string }
  interface ModuleExportDescriptor { readonly name: string; readonly kind: string }
  class Module {
    constructor(bytes: Uint8Array | ArrayBuffer);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
    static customSections(module: Module, name: string): ArrayBuffer[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    value: unknown;
  }
  class Table {
    readonly length: number;
    get(index: number): unknown;
  }
  class RuntimeError extends Error {}
  class CompileError extends Error {}
  class LinkError extends Error {}
}
