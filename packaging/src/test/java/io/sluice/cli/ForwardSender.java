package io.sluice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A minimal Fluentd forward client, as fluent-bit's out_forward with {@code require_ack_response}: one Forward-mode
 * message ({@code [tag, [[time, record], ...], {"chunk": id}]}) at a time, each waiting for its {@code {"ack": id}}.
 */
final class ForwardSender implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final MessageUnpacker in;
  private int chunks;

  private ForwardSender(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = MessagePack.newDefaultUnpacker(socket.getInputStream());
  }

  /** A connection to a forward input on {@code host:port}, giving up on a read after 30 s. */
  static ForwardSender connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(30_000);
    return new ForwardSender(socket);
  }

  /** Sends {@code records} as one chunk under {@code tag} and returns once the input acknowledged it (durable). */
  void send(String tag, List<Map<String, String>> records) throws IOException {
    String chunk = "chunk-" + chunks++;
    long now = System.currentTimeMillis() / 1000;
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(3).packString(tag).packArrayHeader(records.size());
      for (Map<String, String> record : records) {
        packer.packArrayHeader(2).packLong(now).packMapHeader(record.size());
        for (Map.Entry<String, String> field : record.entrySet()) {
          packer.packString(field.getKey()).packString(field.getValue());
        }
      }
      packer.packMapHeader(1).packString("chunk").packString(chunk);
      out.write(packer.toByteArray());
      out.flush();
    }
    Value answer = in.unpackValue();
    String acked = answer.asMapValue().map().get(ValueFactory.newString("ack")).asStringValue()
        .asString();
    if (!acked.equals(chunk)) {
      throw new IOException("expected the ack of " + chunk + ", got " + answer);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
