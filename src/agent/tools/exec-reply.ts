// The tool server's `X` reply (r2e-serve.py, run_exec): exit status, truncated flag, then the process's stdout and
// stderr chunks in arrival order, decoded into an ExecResult as the Docker exec path builds it.
import type { ExecResult } from "../../sandbox/sandbox.js";

const decode = (parts: Buffer[]) => new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(parts));

/** Decodes an `X` payload: 4-byte signed status, 1-byte truncated flag, chunks of (1-byte stream "1"|"2", 4-byte length, bytes). */
export function decodeExecReply(payload: Buffer, durationMs: number): ExecResult {
  const interleaved: Buffer[] = [];
  const streams: Record<"1" | "2", Buffer[]> = { "1": [], "2": [] };
  let at = 5;
  while (at + 5 <= payload.length) {
    const stream = payload[at] === 0x32 ? "2" : "1";
    const size = payload.readUInt32BE(at + 1);
    const piece = payload.subarray(at + 5, at + 5 + size);
    interleaved.push(piece);
    streams[stream].push(piece);
    at += 5 + size;
  }
  return {
    exitCode: payload.readInt32BE(0),
    output: decode(interleaved),
    stdout: decode(streams["1"]),
    stderr: decode(streams["2"]),
    timedOut: false,
    truncated: payload[4] === 1,
    durationMs,
  };
}
