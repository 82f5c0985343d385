import type { ReadStream } from 'node:tty';

/**
 * A password for the CLI, never from its arguments (which other users of the
 * machine can see): the first line of standard input when it is piped, or
 * typed at a prompt that does not echo it.
 */
export async function readPassword(stdin: NodeJS.ReadStream, prompt: NodeJS.WriteStream): Promise<string> {
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n') || text.length > 4096) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const tty = stdin as ReadStream;
  prompt.write('Password (not shown): ');
  tty.setRawMode(true);
  tty.setEncoding('utf8');
  try {
    let text = '';
    for await (const key of tty) {
      for (const ch of String(key)) {
        if (ch === '\r' || ch === '\n') return text;
        if (ch === '\u0003') throw new Error('cancelled');
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    }
    return text;
  } finally {
    tty.setRawMode(false);
    tty.pause();
    prompt.write('\n');
  }
}
