package io.sluice.bench.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * The two source addresses of the suite's connections: attacks come from 127.0.0.1, the control clients and the
 * health probe from 127.0.0.2, so per-source-address limits on the agent tell them apart as they would tell an
 * attacker from the other senders.
 */
final class Loopback {

  static final InetAddress HOSTILE = address(127, 0, 0, 1);
  static final InetAddress CONTROL = address(127, 0, 0, 2);

  private Loopback() {}

  /** A connection from {@code source} to the agent's {@code port} on 127.0.0.1. */
  static Socket connect(InetAddress source, int port, int connectTimeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(HOSTILE, port), connectTimeoutMillis);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
