package io.sluice.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * One forward-protocol connection sending PackedForward chunks with ack, as Fluentd's out_forward does with
 * {@code require_ack_response}: each chunk waits for {@code {"ack": <chunk>}} before the next is sent.
 */
final class ForwardConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final MessageUnpacker in;

  private ForwardConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = MessagePack.newDefaultUnpacker(new BufferedInputStream(socket.getInputStream()));
  }

  static ForwardConnection open(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    return new ForwardConnection(socket);
  }

  /** Sends {@code [tag, bin(entries), {"size": n, "chunk": id}]} and waits for its ack. */
  void sendAcked(String tag, byte[] entries, int size, String chunk) throws IOException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(3).packString(tag);
      packer.packBinaryHeader(entries.length).writePayload(entries);
      packer.packMapHeader(2).packString("size").packInt(size).packString("chunk").packString(chunk);
      out.write(packer.toByteArray());
      out.flush();
    }
    Value ack = in.unpackValue();
    if (!ack.isMapValue() || !ack.asMapValue().map().toString().contains(chunk)) {
      throw new IOException("expected the ack of chunk " + chunk + ", got " + ack);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
    socket.close();
  }
}
