package io.sluice.agent.input.forward.handshake;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Encodes the server's HELO and PONG with the msgpack types Fluentd's {@code in_forward} sends. */
final class HandshakeMessages {

  private HandshakeMessages() {}

  /** {@code ["HELO", {"nonce": bin, "auth": bin, "keepalive": true}]}; Ruby packs random bytes as bin. */
  static byte[] helo(byte[] nonce, byte[] authSalt) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(2).packString("HELO").packMapHeader(3);
      packer.packString("nonce").packBinaryHeader(nonce.length).writePayload(nonce);
      packer.packString("auth").packBinaryHeader(authSalt.length).writePayload(authSalt);
      packer.packString("keepalive").packBoolean(true);
      return packer.toByteArray();
    } catch (IOException e) {
      // A buffer packer writes to memory only.
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ["PONG", ok, reason, server_hostname, digest]}, the hostname and digest as str. */
  static byte[] pong(boolean ok, String reason, byte[] serverHostname, byte[] digest) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(5).packString("PONG").packBoolean(ok).packString(reason);
      packer.packRawStringHeader(serverHostname.length).writePayload(serverHostname);
      packer.packRawStringHeader(digest.length).writePayload(digest);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
