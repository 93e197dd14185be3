package io.sluice.agent.input.forward.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A forward client written from the public "Forward Protocol Specification v1" with msgpack-core alone, so the
 * tests check the server against the spec rather than against its own encoder.
 */
public final class SpecClient {

  /** The fields of a server HELO, as the spec names them. */
  public record Helo(byte[] nonce, byte[] auth, boolean keepalive) {}

  /** The fields of a server PONG. */
  public record Pong(boolean ok, String reason, byte[] serverHostname, byte[] digest) {}

  private SpecClient() {}

  public static Helo readHelo(byte[] bytes) throws IOException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      List<Value> message = unpacker.unpackValue().asArrayValue().list();
      if (!message.get(0).asStringValue().asString().equals("HELO")) {
        throw new AssertionError("not a HELO: " + message);
      }
      Map<Value, Value> options = message.get(1).asMapValue().map();
      return new Helo(
          options.get(ValueFactory.newString("nonce")).asBinaryValue().asByteArray(),
          options.get(ValueFactory.newString("auth")).asBinaryValue().asByteArray(),
          options.get(ValueFactory.newString("keepalive")).asBooleanValue().getBoolean());
    }
  }

  public static Pong readPong(byte[] bytes) throws IOException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      List<Value> message = unpacker.unpackValue().asArrayValue().list();
      if (message.size() != 5 || !message.get(0).asStringValue().asString().equals("PONG")) {
        throw new AssertionError("not a PONG: " + message);
      }
      return new Pong(message.get(1).asBooleanValue().getBoolean(), message.get(2).asStringValue().asString(),
          message.get(3).asStringValue().asByteArray(), message.get(4).asStringValue().asByteArray());
    }
  }

  /** {@code ["PING", hostname, salt, sha512_hex(salt + hostname + nonce + key), username, password_digest]}. */
  public static byte[] ping(Helo helo, String hostname, byte[] salt, String sharedKey, String username,
      String password) throws IOException {
    byte[] host = utf8(hostname);
    byte[] passwordDigest = username.isEmpty()
        ? new byte[0]
        : sha512Hex(helo.auth(), utf8(username), utf8(password));
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(6).packString("PING");
      str(packer, host);
      // The salt as str holding raw bytes, as Fluent Bit sends it.
      str(packer, salt);
      str(packer, sha512Hex(salt, host, helo.nonce(), utf8(sharedKey)));
      str(packer, utf8(username));
      str(packer, passwordDigest);
      return packer.toByteArray();
    }
  }

  public static byte[] ping(Helo helo, String hostname, String sharedKey) throws IOException {
    return ping(helo, hostname, utf8("salt-of-client"), sharedKey, "", "");
  }

  /** What a client expects in an accepting PONG: sha512_hex(salt + server_hostname + nonce + key). */
  public static byte[] expectedServerDigest(Helo helo, byte[] salt, byte[] serverHostname, String sharedKey) {
    return sha512Hex(salt, serverHostname, helo.nonce(), utf8(sharedKey));
  }

  public static byte[] pack(Value value) throws IOException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packValue(value);
      return packer.toByteArray();
    }
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void str(MessageBufferPacker packer, byte[] payload) throws IOException {
    packer.packRawStringHeader(payload.length).writePayload(payload);
  }

  private static byte[] sha512Hex(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return utf8(HexFormat.of().formatHex(digest.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
