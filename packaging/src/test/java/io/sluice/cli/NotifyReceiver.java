package io.sluice.cli;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * systemd's side of {@code NOTIFY_SOCKET}: an AF_UNIX datagram socket bound to a path (or an abstract name when it
 * starts with {@code @}), collecting what is sent to it, through the same native transport Sluice uses.
 */
final class NotifyReceiver implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(20);

  private final String name;
  private final Socket socket;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean closed;

  private NotifyReceiver(String name) throws IOException {
    Epoll.ensureAvailability();
    this.name = name;
    this.socket = Socket.newSocketDomainDgram();
    socket.bind(new DomainSocketAddress(name.startsWith("@") ? "\0" + name.substring(1) : name));
    this.reader = new Thread(this::read, "notify-receiver");
    reader.start();
  }

  /** Binds {@code name}: a path, or {@code @abstract}. */
  static NotifyReceiver bind(String name) throws IOException {
    return new NotifyReceiver(name);
  }

  /** The value for {@code NOTIFY_SOCKET}. */
  String name() {
    return name;
  }

  /** The next message received within {@code timeout}, or null. */
  String next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next message that contains {@code line} as one of its lines, skipping others; null after {@code timeout}. */
  String nextWith(String line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      String message = messages.poll(left, TimeUnit.NANOSECONDS);
      if (message != null && message.lines().anyMatch(line::equals)) {
        return message;
      }
    }
    return null;
  }

  private void read() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    while (!closed) {
      try {
        buffer.clear();
        DomainDatagramSocketAddress from = socket.recvFromDomainSocket(buffer, 0, buffer.capacity());
        if (from == null) {
          Thread.sleep(POLL.toMillis());
          continue;
        }
        byte[] bytes = new byte[from.receivedAmount()];
        buffer.get(0, bytes);
        messages.add(new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException(e);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    reader.interrupt();
    reader.join(5000);
    socket.close();
  }
}
