// The unbounded queue between concurrent workers and one consumer: order kept, nothing lost, ends after close.
import { describe, expect, it } from "vitest";
import { EventChannel } from "./event-channel.js";

describe("EventChannel", () => {
  it("delivers what producers push, in push order, including items queued before close, then ends", async () => {
    const channel = new EventChannel<number>();
    const producers = [0, 1, 2].map(async (producer) => {
      for (let item = 0; item < 5; item += 1) {
        await Promise.resolve();
        channel.push(producer * 10 + item);
      }
    });
    void Promise.all(producers).then(() => channel.close());
    const received: number[] = [];
    for await (const item of channel) received.push(item);
    expect([...received].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24]);
    for (const producer of [0, 1, 2]) {
      const own = received.filter((item) => Math.floor(item / 10) === producer);
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }
    channel.push(99);
    expect(received).not.toContain(99);
  });
});
