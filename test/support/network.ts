import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface NetworkLink {
  port: number;
  /** Silently stops carrying bytes both ways, keeping the sockets open: a pulled cable, a dead switch. */
  cut(): void;
  /** Closes the far side's connections, as the server does once its TCP keepalives go unanswered. */
  dropFarSide(): void;
}

/** A TCP relay on loopback to `targetPort`, for cutting the network between a process and a server. */
export async function networkLink(targetPort: number): Promise<NetworkLink> {
  const sockets: Socket[] = [];
  const farSide: Socket[] = [];
  let cut = false;
  const server = createServer((inbound) => {
    const outbound = connect(targetPort, '127.0.0.1');
    sockets.push(inbound, outbound);
    farSide.push(outbound);
    inbound.on('data', (chunk) => cut || outbound.write(chunk));
    outbound.on('data', (chunk) => cut || inbound.write(chunk));
    inbound.on('error', () => undefined);
    outbound.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => void (cut = true),
    dropFarSide: () => farSide.forEach((socket) => socket.destroy()),
  };
}
