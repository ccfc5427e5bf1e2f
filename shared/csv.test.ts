import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

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
