package io.sluice.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A hand-driven TCP client on loopback, for tests of how listeners treat misbehaving peers. */
public final class RawPeer {

  private RawPeer() {}

  /** Connects to loopback {@code port} from {@code source} (any 127.x.y.z works on Linux), or 127.0.0.1. */
  public static Socket connect(int port, String source) throws IOException {
    Socket socket = new Socket();
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return socket;
  }

  /**
   * Whether the other side closes (or resets) the connection within {@code within}, discarding what it sends
   * meanwhile; false when it is still open then.
   */
  public static boolean closedWithin(Socket socket, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[4096];
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true;
      }
    }
  }
}
