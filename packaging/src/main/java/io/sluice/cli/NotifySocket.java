package io.sluice.cli;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications as datagrams to systemd's AF_UNIX socket, which Java's own sockets cannot address: through
 * the socket calls of Netty's native epoll transport, loaded on first use. A name starting with {@code @} is an
 * abstract socket. Where the transport cannot load (not Linux on x86_64 or aarch64) it logs why once and does
 * nothing.
 */
final class NotifySocket implements ServiceNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(NotifySocket.class);

  private final String name;
  private final byte[] address;
  // Guarded by this.
  private Socket socket;
  private boolean unavailable;

  NotifySocket(String name) {
    this.name = name;
    // An abstract socket's name starts with a NUL byte, which systemd writes as '@'.
    this.address = (name.startsWith("@") ? "\0" + name.substring(1) : name).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void send(String message) {
    if (unavailable) {
      return;
    }
    try {
      if (socket == null) {
        open();
        if (unavailable) {
          return;
        }
      }
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      ByteBuffer datagram = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
      socket.sendToDomainSocket(datagram, 0, bytes.length, address);
      LOG.debug("notified the service manager socket={} message=\"{}\"", name, message.replace('\n', ' '));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot notify the service manager socket={} message=\"{}\" error=\"{}\"", name,
          message.replace('\n', ' '), e.toString());
    }
  }

  private void open() {
    if (!Epoll.isAvailable()) {
      unavailable = true;
      // Under systemd with Type=notify the unit then never counts as started: worth more than a debug line.
      LOG.warn("NOTIFY_SOCKET is set but this platform has no native transport to reach it; systemd is not told "
          + "the state socket={} reason=\"{}\"", name, String.valueOf(Epoll.unavailabilityCause()));
      return;
    }
    socket = Socket.newSocketDomainDgram();
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("closing the notification socket failed socket={}", name, e);
      }
      socket = null;
    }
  }
}
