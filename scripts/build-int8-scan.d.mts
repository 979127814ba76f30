/** The compiled bytes of src/node/store/int8-scan.wat. */
export function compileInt8Scan(): Promise<Buffer>;
/** The TypeScript module text that carries those bytes. */
export function int8ScanModuleText(bytes: Buffer): string;
