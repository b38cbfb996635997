/** One CSV line, every cell quoted. */
export function csvLine(cells: string[]): string {
  return cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
}

export interface ReportLine {
  row: string;
  id: string;
  status: string;
  fields: string;
  message: string;
}

/** The bulk update's result CSV (header `row,id,status,fields,message`). */
export function parseReport(text: string): ReportLine[] {
  const rows: string[][] = [];
  let cell = '';
  let row: string[] = [];
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  const [header, ...data] = rows;
  if (header?.join(',') !== 'row,id,status,fields,message') throw new Error(`bad report header: ${header?.join(',')}`);
  return data.map(([row = '', id = '', status = '', fields = '', message = '']) => ({
    row,
    id,
    status,
    fields,
    message,
  }));
}
