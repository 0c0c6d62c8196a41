/**
 * exceljs's Workbook, loaded so that a bundle carries only what writes a workbook in memory:
 * the package's main module also brings its streaming reader and writer (unzipper,
 * archiver and their dependencies), about half a megabyte Warta never runs. In a Lambda
 * bundle this is a file of its own (SEPARATE_MODULES in infra/cdk/constructs/bundle.ts),
 * parsed only by an invocation that writes a workbook.
 */
import type { Workbook as WorkbookClass } from 'exceljs';
// @ts-expect-error the package types its main module only; this file is its Workbook class.
import Workbook from 'exceljs/lib/doc/workbook.js';

export const ExcelWorkbook = Workbook as typeof WorkbookClass;
