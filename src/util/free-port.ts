// A free TCP port on 127.0.0.1 for a server entropo launches (policy API, torchrun rendezvous).
import { createServer } from "node:net";

/** Asks the OS for a free TCP port on 127.0.0.1 and releases it at once (the caller binds it next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port assigned on 127.0.0.1"))));
    });
  });
}
