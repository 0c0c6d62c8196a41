// PDFKit's browser build, which its export map offers only to non-Node resolvers. Node
// refuses package "imports" targets that name node_modules or go through a package's
// unexported paths, so the relative path lives here, behind the "#pdfkit-browser" alias,
// and the render code names the alias alone. Why the browser build: see
// functions/domain/render/pdf-engine.ts.
export * from '../../node_modules/pdfkit/js/pdfkit.browser.mjs';
