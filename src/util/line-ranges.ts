// Line boundaries in a byte buffer, split exactly as readTextLines splits a file ("\r\n", "\n" or a lone "\r").

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * The [start, end) byte range of every line of `bytes` (line breaks excluded): the lines readTextLines yields for a
 * file with these bytes. A buffer cut right after a "\n" splits no line break, so consecutive cuts of a file give the
 * file's lines in order.
 */
export function lineRanges(bytes: Uint8Array): Array<[start: number, end: number]> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ranges: Array<[number, number]> = [];
  let position = 0;
  let nextNewline = buffer.indexOf(newline, 0);
  let nextReturn = buffer.indexOf(carriageReturn, 0);
  while (nextNewline >= 0 || nextReturn >= 0) {
    const lineEnd = nextReturn >= 0 && (nextNewline < 0 || nextReturn < nextNewline) ? nextReturn : nextNewline;
    ranges.push([position, lineEnd]);
    position = lineEnd + 1;
    if (lineEnd === nextReturn && buffer[position] === newline) position += 1;
    if (nextNewline >= 0 && nextNewline < position) nextNewline = buffer.indexOf(newline, position);
    if (nextReturn >= 0 && nextReturn < position) nextReturn = buffer.indexOf(carriageReturn, position);
  }
  if (position < buffer.length) ranges.push([position, buffer.length]);
  return ranges;
}

/** The index just after the last "\n" of `bytes` (0 when there is none): a cut there splits no line break. */
export function afterLastNewline(bytes: Uint8Array): number {
  return bytes.lastIndexOf(newline) + 1;
}
