/**
 * Stands in for exceljs's CSV reader and writer (`exceljs/lib/csv/csv.js`) in the Lambda
 * bundles. exceljs's Workbook requires it when it loads, and with it fast-csv and dayjs,
 * though only `workbook.csv` ever constructs it; Warta writes its CSV exports with
 * csv-stringify (functions/domain/audit/export.ts) and uses exceljs for XLSX alone. Kept
 * because the workbook function's bundle sits near the 1 MB target without it. Written as
 * CommonJS, like the module it replaces, which exceljs `require`s as a class. Refuses,
 * saying why, if anything ever asks a workbook for CSV.
 */
class RefusedWorkbookCsv {
  constructor() {
    throw new Error('Warta writes CSV with csv-stringify: exceljs CSV (workbook.csv) is not part of the Lambda bundle');
  }
}

module.exports = RefusedWorkbookCsv;
