// PDFKit's standard font data modules (`pdfkit/standard-fonts/*`) ship without types.
declare module 'pdfkit/standard-fonts/*' {
  const font: { name: string };
  export default font;
}
