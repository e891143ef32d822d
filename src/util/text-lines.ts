// Pull-based line splitting of a file: reads one chunk at a time, so memory is one chunk plus the current line.
import { createReadStream } from "node:fs";

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Yields each line of a UTF-8 file (line break excluded). Line breaks are "\r\n", "\n"
 * or a lone "\r", as node:readline with crlfDelay Infinity splits them, but unlike readline's async iterator (which
 * queues up to 1024 lines ahead of a slow consumer) nothing is read before the consumer asks for it.
 */
export async function* readTextLines(file: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let afterCarriageReturn = false;
  const take = (chunk: Buffer, from: number, to: number): string => {
    const bytes = pending.length === 0 ? chunk.subarray(from, to) : Buffer.concat([...pending, chunk.subarray(from, to)]);
    pending = [];
    return bytes.toString("utf8");
  };
  for await (const data of createReadStream(file, { highWaterMark: chunkBytes })) {
    const chunk = data as Buffer;
    let position = 0;
    if (afterCarriageReturn && chunk[0] === newline) position = 1;
    afterCarriageReturn = false;
    let nextNewline = chunk.indexOf(newline, position);
    let nextReturn = chunk.indexOf(carriageReturn, position);
    while (nextNewline >= 0 || nextReturn >= 0) {
      const lineEnd = nextReturn >= 0 && (nextNewline < 0 || nextReturn < nextNewline) ? nextReturn : nextNewline;
      yield take(chunk, position, lineEnd);
      position = lineEnd + 1;
      if (lineEnd === nextReturn) {
        if (position === chunk.length) afterCarriageReturn = true;
        else if (chunk[position] === newline) position += 1;
      }
      if (nextNewline >= 0 && nextNewline < position) nextNewline = chunk.indexOf(newline, position);
      if (nextReturn >= 0 && nextReturn < position) nextReturn = chunk.indexOf(carriageReturn, position);
    }
    if (position < chunk.length) pending.push(chunk.subarray(position));
  }
  if (pending.length > 0) yield take(Buffer.alloc(0), 0, 0);
}
