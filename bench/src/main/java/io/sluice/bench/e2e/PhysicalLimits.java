package io.sluice.bench.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the machine allows at best (issue 14, target 6): loopback TCP with fwdgen's frame size over one connection,
 * and sequential writes to the buffer directory's file system. Both in bytes/s.
 */
final class PhysicalLimits {

  private PhysicalLimits() {}

  /** One Java sender writes {@code frameBytes} frames to one Java receiver that reads and drops them. */
  static double loopbackTcpBytesPerSecond(int frameBytes, int seconds) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      AtomicLong received = new AtomicLong();
      Thread receiver = new Thread(() -> drain(server, received), "limit-tcp-receiver");
      receiver.start();
      try (SocketChannel sender = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
          writeFrame(sender, frame);
        }
        long before = received.get();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          writeFrame(sender, frame);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return (received.get() - before) / elapsed;
      } finally {
        receiver.join(10_000);
      }
    }
  }

  private static void writeFrame(SocketChannel channel, ByteBuffer frame) throws IOException {
    frame.clear();
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  private static void drain(ServerSocketChannel server, AtomicLong received) {
    try (SocketChannel channel = server.accept()) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      for (int read = channel.read(buffer); read >= 0; read = channel.read(buffer)) {
        received.addAndGet(read);
        buffer.clear();
      }
    } catch (IOException e) {
      throw new IllegalStateException("the loopback receiver failed", e);
    }
  }

  /** Writes {@code bytes} in 1 MiB blocks to a new file in {@code directory}, then fsyncs it; the file is removed. */
  static double sequentialWriteBytesPerSecond(Path directory, long bytes) throws IOException {
    Path file = Files.createTempFile(directory, "disk-limit", ".bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
      // Not zeros: a file system that compresses or skips zero blocks would flatter itself.
      for (int i = 0; i < block.capacity(); i++) {
        block.put(i, (byte) (i * 31 + 7));
      }
      long start = System.nanoTime();
      for (long written = 0; written < bytes; written += block.capacity()) {
        block.clear();
        while (block.hasRemaining()) {
          channel.write(block);
        }
      }
      channel.force(true);
      return bytes / ((System.nanoTime() - start) / 1e9);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
