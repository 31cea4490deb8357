import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinRuleBroken } from '../../../src/emulator/pinRules.js';

describe("the emulator's PIN rules, from the docs' words", () => {
  it.each(['918273', '827364', '13570', '12343', '97503', '10293847', '00123'])('accepts %s', (pin) => {
    expect(pinRuleBroken(pin)).toBeUndefined();
  });

  it.each([
    [undefined, 'required'],
    [null, 'required'],
    [91827, 'string'],
    ['', 'empty'],
    ['     ', 'empty'],
    ['9182', '5 to 8 digits'],
    ['918273645', '5 to 8 digits'],
    ['9182a', 'digits 0-9'],
    ['９１８２７', 'digits 0-9'],
    [' 91827', 'digits 0-9'],
    ['11111', '3 different digits'],
    ['12121', '3 different digits'],
    ['12345', 'ascending or descending'],
    ['54321', 'ascending or descending'],
    ['01234567', 'ascending or descending'],
    ['13579', 'ascending or descending'],
    ['97531', 'ascending or descending'],
    ['24789', 'ascending or descending'],
  ])('refuses %j: %s', (pin, rule) => {
    expect(pinRuleBroken(pin)).toContain(rule);
  });
});

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

describe('independence from the client', () => {
  it("no emulator module imports the client's rules, so a shared mistake cannot hide", () => {
    const importers = sourceFiles('src/emulator').filter((file) =>
      /from\s+['"][./]*client\/rules(\.js)?['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});
