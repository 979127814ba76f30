/**
 * Excel (.xlsx) through exceljs (the maintained reader and writer of the format). Each sheet's
 * rows become lines "a | b | c" (cells as Excel shows them, formulas by their results); a run of
 * consecutive rows is one segment headed "Sheet: name", with row numbers as its line numbers.
 */
import ExcelJS from 'exceljs';
import { SemantikError } from '../../../shared/errors';
import { storedZip } from '../archive/zip-adapters';
import { openZip } from '../zip-xml';
import { extracted, type ExtractFn, type Segment } from '../segment';

/** Reads a workbook. */
export const extractXlsx: ExtractFn = async (bytes) => {
  // exceljs unzips with jszip, which inflates whatever the file claims: it is given the entries
  // inflated under the archive limits, written back uncompressed, instead of the file itself.
  const stored = storedZip(openZip(bytes, 'Excel workbook'));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(stored.buffer);
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', `not a valid Excel workbook: ${(cause as Error).message}`, { cause });
  }
  const segments: Segment[] = [];
  workbook.eachSheet((sheet) => {
    let run: { first: number; lines: string[] } | null = null;
    const flush = (): void => {
      if (run) segments.push({ text: run.lines.join('\n'), markup: 'plain', heading: `Sheet: ${sheet.name}`, firstLine: run.first });
      run = null;
    };
    sheet.eachRow((row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text.trim()));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      if (run && run.first + run.lines.length !== rowNumber) flush();
      run ??= { first: rowNumber, lines: [] };
      run.lines.push(cells.join(' | '));
    });
    flush();
  });
  return extracted('xlsx', segments);
};
