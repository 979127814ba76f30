/** pdf.js's worker module ships without types; the reader only hands it to pdf.js (see pdf.ts). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
