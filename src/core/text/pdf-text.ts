import { dirname, join } from 'node:path';
import { definePDFJSModule, extractText, getDocumentProxy } from 'unpdf';

let loaded: Promise<void> | undefined;

/** unpdf's bundled PDF.js is an ES module published only for `import`: named by its file, it loads from CommonJS too. */
function loadPdfJs(): Promise<void> {
  loaded ??= definePDFJSModule(() => import(join(dirname(require.resolve('unpdf')), 'pdfjs.mjs')));
  return loaded;
}

export class UnreadablePdf extends Error {}

/** The text of every page of a PDF, pages separated by blank lines (pure JavaScript: PDF.js through unpdf). */
export async function pdfToText(data: Uint8Array): Promise<string> {
  await loadPdfJs();
  try {
    // verbosity 0: PDF.js reports errors only (its warnings about damaged files are answered as 422 or read past)
    const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
    try {
      const { text } = await extractText(pdf, { mergePages: false });
      return text.map((page) => page.trim()).filter(Boolean).join('\n\n');
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    throw new UnreadablePdf(`The PDF could not be read: ${(error as Error).message}`);
  }
}
