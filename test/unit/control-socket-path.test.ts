import { describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/node/control-protocol';

const KEY = 'a-control-key';

describe('controlSocketPath', () => {
  it('is control.sock in the data folder where the path fits a socket', () => {
    expect(controlSocketPath('/home/ada/.local/share/semantik', KEY, 'linux')).toBe('/home/ada/.local/share/semantik/control.sock');
  });

  it('takes a path of up to 103 bytes, the shortest limit of the OSes (macOS), and no longer (commands then use Redis)', () => {
    const folderOf = (bytes: number): string => `/${'d'.repeat(bytes - '/control.sock'.length - 1)}`;
    expect(Buffer.byteLength(`${folderOf(103)}/control.sock`)).toBe(103);
    expect(controlSocketPath(folderOf(103), KEY, 'linux')).toBe(`${folderOf(103)}/control.sock`);
    expect(controlSocketPath(folderOf(104), KEY, 'linux')).toBeNull();
    expect(controlSocketPath(folderOf(104), KEY, 'darwin')).toBeNull();
  });

  it('counts bytes, not characters', () => {
    const folder = `/data/${'é'.repeat(45)}`;
    expect(`${folder}/control.sock`.length).toBeLessThanOrEqual(103);
    expect(controlSocketPath(folder, KEY, 'linux')).toBeNull();
  });

  it('is a named pipe on Windows named after the folder (however it is written) and its control key', () => {
    const pipe = controlSocketPath('C:\\Users\\Ada\\AppData\\Roaming\\Semantik', KEY, 'win32');
    expect(pipe).toMatch(/^\\\\\.\\pipe\\semantik-control-[0-9a-f]{32}$/);
    expect(controlSocketPath('c:/users/ada/appdata/roaming/semantik/', KEY, 'win32')).toBe(pipe);
    expect(controlSocketPath('C:\\Users\\Ada\\AppData\\Roaming\\Semantik', 'another-key', 'win32')).not.toBe(pipe);
    expect(controlSocketPath('C:\\Users\\Ada\\AppData\\Roaming\\Semantik-copy', KEY, 'win32')).not.toBe(pipe);
  });
});
