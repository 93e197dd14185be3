package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain sockets for attacks that speak no protocol properly: floods, resets, trickles. */
final class RawConnections {

  /** What one connection of a flood does once open. */
  @FunctionalInterface
  interface Action {
    void on(Socket socket) throws IOException;
  }

  private RawConnections() {}

  /** A connection from the attackers' source address. */
  static Socket open(int port) throws IOException {
    return Loopback.connect(Loopback.HOSTILE, port, 10_000);
  }

  /** Closes with RST rather than FIN, as a client that crashed or reset does. */
  static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  /** Whether the peer closed the connection (or answered and closed), looking for at most {@code millis}. */
  static boolean closedByPeer(Socket socket, int millis) {
    try {
      socket.setSoTimeout(millis);
      InputStream in = socket.getInputStream();
      // Any answer counts: an HTTP error status is the agent's way of giving up on the connection too.
      in.read();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Opens {@code count} connections to {@code port} from {@code threads} threads, runs {@code action} on each and
   * closes it; returns how many could not be opened or failed.
   */
  static int flood(int port, int count, int threads, Action action) throws InterruptedException {
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "hostile-flood-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          while (next.getAndIncrement() < count) {
            try (Socket socket = open(port)) {
              action.on(socket);
            } catch (IOException e) {
              failed.incrementAndGet();
            }
          }
        });
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
    }
    return failed.get();
  }
}
