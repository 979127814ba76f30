/**
 * CSV and TSV through papaparse (the fast, tolerant CSV parser the field uses), after encoding
 * detection. Each row becomes a line "a | b | c"; the header row names the columns in each chunk's
 * heading. Line numbers are row numbers (the same as file lines unless a quoted cell spans lines).
 */
import Papa from 'papaparse';
import { decodeText } from '../encoding';
import { extracted, type ExtractFn } from '../segment';

const MAX_HEADING = 200;

/** Reads a table of delimited text. */
export const extractCsv: ExtractFn = async (bytes, path) => {
  const { text } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { delimiter: path.toLowerCase().endsWith('.tsv') ? '\t' : '', skipEmptyLines: false });
  const rows = parsed.data.map((row) => row.map((cell) => cell.trim()).join(' | '));
  const header = parsed.data[0]?.filter((cell) => cell.trim() !== '').join(', ') ?? '';
  const heading = header === '' ? undefined : `Columns: ${header.length > MAX_HEADING ? `${header.slice(0, MAX_HEADING)}…` : header}`;
  return extracted('csv', [{ text: rows.join('\n'), markup: 'plain', firstLine: 1, ...(heading ? { heading } : {}) }]);
};
