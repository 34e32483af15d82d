import { redact } from './secrets.js';

/** Where a layer narrates its decisions. Every line is scrubbed of known secrets on the way out. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Progress of a long loop; a terminal shows one updating line, CI gets sparse plain lines. */
  progress(label: string, done: number, total: number): void;
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
}

export interface StreamLoggerOptions {
  /** Redraw one progress line (a terminal) instead of printing lines. */
  tty: boolean;
  quiet?: boolean;
  /** Where warnings go instead, e.g. as annotations on a GitHub runner. */
  onWarning?: (message: string) => void;
}

/** Logs to stderr, so stdout stays free for `--json` output. */
export function streamLogger(stream: NodeJS.WritableStream, options: StreamLoggerOptions): Logger {
  let lastPlain = 0;
  let progressShown = false;
  const write = (line: string) => {
    if (progressShown) {
      stream.write('\r\x1b[2K');
      progressShown = false;
    }
    stream.write(`${redact(line)}\n`);
  };
  return {
    info: (m) => options.quiet || write(m),
    warn: (m) => (options.onWarning ? options.onWarning(m) : write(`warning: ${m}`)),
    error: (m) => write(`error: ${m}`),
    progress(label, done, total) {
      if (options.quiet) return;
      if (options.tty) {
        stream.write(`\r\x1b[2K${redact(label)} ${done}/${total}`);
        progressShown = done < total;
        if (!progressShown) stream.write('\n');
        return;
      }
      // Plain lines on CI: at most one every 5 s, plus the final one.
      const now = Date.now();
      if (done === total || now - lastPlain > 5000) {
        lastPlain = now;
        write(`${label} ${done}/${total}`);
      }
    },
    async group(name, body) {
      if (!options.quiet) write(`── ${name}`);
      return body();
    },
  };
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  progress() {},
  group: (_name, body) => body(),
};
