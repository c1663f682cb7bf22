// pdf.js behind a small door, for the packet preview. Views import this module lazily
// (`await import('./pdf')`), so pdf.js loads only when someone previews a PDF and the unit
// tests never load it. Everything is bundled by Vite, the worker too: nothing is fetched from
// the network, and no `eval` is asked for (the CSP refuses it).
import { getDocument, GlobalWorkerOptions, RenderingCancelledException, type RenderTask } from 'pdfjs-dist';
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerSrc;

export interface PdfDocument {
  readonly pages: number;
  /** Draws page `n` (from 1) as large as fits in `box` (CSS pixels), sharp on high-density
   * screens. Resolves false when a later render on the same document superseded it. */
  render(n: number, canvas: HTMLCanvasElement, box: { width: number; height: number }): Promise<boolean>;
  close(): Promise<void>;
}

export async function openPdf(data: Uint8Array): Promise<PdfDocument> {
  // pdf.js draws the glyphs itself instead of handing each embedded font to WebKit, whose
  // font machinery kept a little of every packet's fonts after the preview closed (README,
  // "Start-up and memory").
  const doc = await getDocument({ data, isEvalSupported: false, enableXfa: false, disableFontFace: true }).promise;
  let running: RenderTask | null = null;
  return {
    pages: doc.numPages,
    async render(n, canvas, box) {
      running?.cancel();
      running = null;
      const page = await doc.getPage(n);
      const ratio = window.devicePixelRatio || 1;
      const natural = page.getViewport({ scale: 1 });
      const scale = Math.min(box.width / natural.width, box.height / natural.height);
      const viewport = page.getViewport({ scale: scale * ratio });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
      const task = page.render({ canvasContext: canvas.getContext('2d')!, viewport });
      running = task;
      try {
        await task.promise;
        return true;
      } catch (e) {
        if (e instanceof RenderingCancelledException) return false;
        throw e;
      } finally {
        if (running === task) {
          running = null;
          // The page is on the canvas now: drop its parsed content and images, or every page
          // turned to stays in memory until the preview closes.
          page.cleanup();
        }
      }
    },
    async close() {
      running?.cancel();
      running = null;
      // Ends the document's worker too, with the fonts it added to the page.
      await doc.destroy();
    },
  };
}
