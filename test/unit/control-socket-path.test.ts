import { describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/node/control-protocol';

describe('controlSocketPath', () => {
  it('is control.sock in the data folder where the path fits a socket', () => {
    expect(controlSocketPath('/home/ada/.local/share/semantik', 'linux')).toBe('/home/ada/.local/share/semantik/control.sock');
  });

  it('is null for a data folder whose socket path the OS would refuse (commands then use Redis)', () => {
    const deep = `/home/ada/${'projects/'.repeat(10)}semantik`;
    expect(Buffer.byteLength(`${deep}/control.sock`)).toBeGreaterThan(103);
    expect(controlSocketPath(deep, 'linux')).toBeNull();
    expect(controlSocketPath(deep, 'darwin')).toBeNull();
  });

  it('counts bytes, not characters', () => {
    const folder = `/data/${'é'.repeat(45)}`;
    expect(`${folder}/control.sock`.length).toBeLessThanOrEqual(103);
    expect(controlSocketPath(folder, 'linux')).toBeNull();
  });

  it('is a named pipe on Windows, the same for the same folder in any letter case', () => {
    const pipe = controlSocketPath('C:\\Users\\Ada\\AppData\\Roaming\\Semantik', 'win32');
    expect(pipe).toMatch(/^\\\\\.\\pipe\\semantik-control-[0-9a-f]{32}$/);
    expect(controlSocketPath('c:\\users\\ada\\appdata\\roaming\\semantik', 'win32')).toBe(pipe);
    expect(controlSocketPath('C:\\Users\\Bob\\AppData\\Roaming\\Semantik', 'win32')).not.toBe(pipe);
  });
});
