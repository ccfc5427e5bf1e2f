import { describe, expect, it } from 'vitest';
import { csvField, csvLine, parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits plain and quoted fields, keeping commas, quotes and line breaks inside quotes', () => {
    expect(parseCsv('id,name\r\n1,"Doe, Jane"\n2,"Say ""hi""\nthere"\n')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Doe, Jane'] },
      { line: 3, fields: ['2', 'Say "hi"\nthere'] },
    ]);
  });

  it('skips blank lines, keeps empty fields, and drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,,c\n\n,x,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', 'x', ''] },
    ]);
  });

  it('says where an unclosed quote starts', () => {
    expect(() => parseCsv('id,name\n7,"open\n')).toThrow('line 2');
  });
});

describe('csvField and csvLine', () => {
  it('quotes a field with a comma, a quote or a line break, doubling quotes; leaves plain text and numbers as they are', () => {
    expect(csvField('Main entrance')).toBe('Main entrance');
    expect(csvField('Doe, Jane')).toBe('"Doe, Jane"');
    expect(csvField('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(541530001)).toBe('541530001');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula with a leading apostrophe', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=1')).toBe('a=1');
  });

  it('writes lines that parse back to the same fields', () => {
    const fields = ['plain', 'with, comma', 'with "quotes"', 'multi\nline', '', 'x'];
    const text = csvLine(fields) + csvLine(['2', 'second']);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text).map((row) => row.fields)).toEqual([fields, ['2', 'second']]);
  });
});
