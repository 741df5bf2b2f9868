/**
 * Reads one line from the terminal with echo off (the terminal is put in raw mode, so nothing typed is shown or
 * kept in scrollback). Ctrl-C and Ctrl-D give up. Only for a stdin that is a TTY.
 */
export function askSecretOnTerminal(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    const chars: string[] = [];
    const done = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(chars.join(''));
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003' || char === '\u0004') return done(new Error('Cancelled; nothing was done.'));
        if (char === '\u007f' || char === '\b') chars.pop();
        else if (char >= ' ') chars.push(char);
      }
      return undefined;
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
