// Reads an XLSX file with exceljs (the common Node reader) as a user's script would, and prints what
// it found as one JSON line: sheet names, rows per sheet, the first three rows, the last row, and the
// type of each value of the second row. Usage: node read-xlsx.mjs <file.xlsx>
import ExcelJS from 'exceljs';

const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(process.argv[2]);
const sheets = workbook.worksheets.map(sheet => {
  const values = row => row.values.slice(1).map(v => (v && typeof v === 'object' && 'richText' in v) ? v.richText.map(t => t.text).join('') : v);
  return {
    name: sheet.name,
    rows: sheet.actualRowCount,
    first: [1, 2, 3].map(i => values(sheet.getRow(i))),
    last: values(sheet.getRow(sheet.actualRowCount)),
    types: sheet.getRow(2).values.slice(1).map(v => typeof v),
  };
});
console.log(JSON.stringify({ sheets }));
