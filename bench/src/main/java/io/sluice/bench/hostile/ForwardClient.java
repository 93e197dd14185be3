package io.sluice.bench.hostile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A forward-protocol client: plain TCP, or TLS with the shared-key handshake (HELO, PING, PONG) as Fluentd's
 * out_forward with {@code <security>} and {@code transport tls}; sends chunks and reads acks.
 */
final class ForwardClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final MessageUnpacker in;

  private ForwardClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = MessagePack.newDefaultUnpacker(new BufferedInputStream(socket.getInputStream()));
  }

  /** A plain connection from the attackers' address. */
  static ForwardClient plain(int port, Duration readTimeout) throws IOException {
    return plain(Loopback.HOSTILE, port, readTimeout);
  }

  static ForwardClient plain(InetAddress source, int port, Duration readTimeout) throws IOException {
    Socket socket = Loopback.connect(source, port, (int) readTimeout.toMillis());
    socket.setSoTimeout((int) readTimeout.toMillis());
    return new ForwardClient(socket);
  }

  /** A TLS connection from the attackers' address that has not yet read the server's HELO. */
  static ForwardClient tls(int port, Duration readTimeout) throws IOException {
    return tls(Loopback.HOSTILE, port, readTimeout);
  }

  static ForwardClient tls(InetAddress source, int port, Duration readTimeout) throws IOException {
    Socket plain = Loopback.connect(source, port, (int) readTimeout.toMillis());
    SSLSocket socket = (SSLSocket) trustingTls().getSocketFactory().createSocket(plain, "localhost", port, true);
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.startHandshake();
    return new ForwardClient(socket);
  }

  /** A TLS connection past the shared-key handshake, ready for chunks. */
  static ForwardClient authenticated(InetAddress source, int port, String sharedKey, Duration readTimeout)
      throws IOException {
    ForwardClient client = tls(source, port, readTimeout);
    try {
      client.handshake(sharedKey);
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Reads HELO, answers PING with {@code sharedKey} and reads PONG; throws unless the server accepted it. */
  void handshake(String sharedKey) throws IOException {
    byte[] nonce = helo();
    byte[] salt = "hostile-suite-salt".getBytes(StandardCharsets.UTF_8);
    String hostname = "hostile-control";
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(6).packString("PING").packString(hostname);
      packer.packRawStringHeader(salt.length).writePayload(salt);
      packer.packString(sha512Hex(salt, hostname.getBytes(StandardCharsets.UTF_8), nonce,
          sharedKey.getBytes(StandardCharsets.UTF_8)));
      packer.packString("").packString("");
      send(packer.toByteArray());
    }
    List<Value> pong = in.unpackValue().asArrayValue().list();
    if (!pong.get(0).asStringValue().asString().equals("PONG") || !pong.get(1).asBooleanValue().getBoolean()) {
      throw new IOException("handshake refused: " + pong.get(2));
    }
  }

  /** Reads the server's HELO and returns its nonce. */
  byte[] helo() throws IOException {
    List<Value> helo = in.unpackValue().asArrayValue().list();
    Map<Value, Value> options = helo.get(1).asMapValue().map();
    Value nonce = options.get(ValueFactory.newString("nonce"));
    return nonce.isBinaryValue() ? nonce.asBinaryValue().asByteArray() : nonce.asStringValue().asByteArray();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends a PackedForward chunk and waits for its ack. */
  void sendAcked(String tag, byte[] entries, int size, String chunk) throws IOException {
    send(HostileFrames.packedForward(tag, entries, size, chunk, false));
    awaitAck(chunk);
  }

  void awaitAck(String chunk) throws IOException {
    Value ack = in.unpackValue();
    if (!ack.isMapValue() || !ack.asMapValue().map().toString().contains(chunk)) {
      throw new IOException("expected the ack of chunk " + chunk + ", got " + ack);
    }
  }

  /** What the server did after a hostile frame: acked it, closed the connection, or nothing within the timeout. */
  String reaction() {
    try {
      Value answer = in.unpackValue();
      return "answered " + answer;
    } catch (SocketTimeoutException e) {
      return "no answer";
    } catch (IOException | MessagePackException e) {
      // msgpack-core reports a stream that ended inside or before a value as an unchecked exception.
      return "closed";
    }
  }

  InputStream rawInput() throws IOException {
    return socket.getInputStream();
  }

  OutputStream rawOutput() {
    return out;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a connection the agent already dropped: nothing to do.
    }
  }

  private static String sha512Hex(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The suite talks to its own self-signed agent on loopback, so it trusts any certificate. */
  static SSLContext trustingTls() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
