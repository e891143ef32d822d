// Streams dataset rows into a temporary file and renames it over the target only when the build succeeds.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

export type RowFileFormat = "json" | "jsonl";

/** Bytes staged before a write call; rows are UTF-8 encoded straight into it (no Buffer per row). */
const stagingBytes = 1 << 20;

/**
 * A JSON-array or JSONL writer; `commit` makes the file visible, `abort` removes the partial file. Writes are
 * synchronous calls on the local temporary file from a 1 MiB staging buffer: encoding a row into a reused buffer
 * costs a fifth of `Buffer.from(row)` (measured on R2E rows, which are two-byte strings), and a page-cache write is
 * cheaper than an awaited thread-pool round trip.
 */
export class RowWriter {
  readonly temporary: string;
  rows = 0;
  private fd: number | undefined;
  private readonly staging = Buffer.allocUnsafe(stagingBytes);
  private used = 0;

  constructor(
    readonly target: string,
    readonly format: RowFileFormat,
  ) {
    this.temporary = `${target}.${process.pid}.${Date.now()}.partial`;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(dirname(this.target), { recursive: true });
    this.fd = openSync(this.temporary, "w");
    if (this.format === "json") this.putText("[\n");
    return this.fd;
  }

  private writeOut(bytes: Uint8Array): void {
    const fd = this.open();
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
  }

  private flush(): void {
    if (this.used === 0) return;
    const bytes = this.staging.subarray(0, this.used);
    this.used = 0;
    this.writeOut(bytes);
  }

  /** Encodes a text into the staging buffer (flushing first when it may not fit; a text larger than it goes straight out). */
  private putText(text: string): void {
    if (stagingBytes - this.used < text.length * 3) {
      const length = Buffer.byteLength(text, "utf8");
      if (stagingBytes - this.used < length) this.flush();
      if (length > stagingBytes) {
        this.writeOut(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.staging.write(text, this.used, "utf8");
  }

  private putBytes(bytes: Uint8Array): void {
    if (stagingBytes - this.used < bytes.length) this.flush();
    if (bytes.length > stagingBytes) {
      this.writeOut(bytes);
      return;
    }
    this.staging.set(bytes, this.used);
    this.used += bytes.length;
  }

  private separator(): void {
    this.open();
    if (this.format === "json" && this.rows > 0) this.putText(",\n");
  }

  private terminator(): void {
    if (this.format === "jsonl") this.putText("\n");
    this.rows += 1;
  }

  /** Appends one row. */
  async add(row: unknown): Promise<void> {
    await this.addJson(JSON.stringify(row));
  }

  /** Appends one row given as its single-line JSON text. */
  async addJson(json: string): Promise<void> {
    this.separator();
    this.putText(json);
    this.terminator();
  }

  /** Appends one row given as the UTF-8 bytes of its single-line JSON text, in parts written one after another. */
  addBytes(...parts: Uint8Array[]): void {
    this.separator();
    for (const part of parts) this.putBytes(part);
    this.terminator();
  }

  /** Appends one row of `length` bytes (its single-line JSON text) that `fill` writes into the buffer it is given. */
  addRead(length: number, fill: (target: Buffer) => void): void {
    this.separator();
    if (stagingBytes - this.used < length) this.flush();
    if (length > stagingBytes) {
      const own = Buffer.allocUnsafe(length);
      fill(own);
      this.writeOut(own);
    } else {
      fill(this.staging.subarray(this.used, this.used + length));
      this.used += length;
    }
    this.terminator();
  }

  /** Closes the file and renames it over the target. */
  async commit(): Promise<void> {
    this.open();
    if (this.format === "json") this.putText("\n]\n");
    this.flush();
    closeSync(this.fd as number);
    this.fd = undefined;
    await rename(this.temporary, this.target);
  }

  /** Closes and deletes the partial file (the target is left untouched). */
  async abort(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.used = 0;
    await rm(this.temporary, { force: true });
  }
}
