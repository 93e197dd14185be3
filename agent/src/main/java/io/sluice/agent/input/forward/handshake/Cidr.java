package io.sluice.agent.input.forward.handshake;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8}; a bare address is a network of one. */
final class Cidr {

  private final byte[] network;
  private final int prefixBits;

  private Cidr(byte[] network, int prefixBits) {
    this.network = network;
    this.prefixBits = prefixBits;
  }

  /**
   * Parses a network literal.
   *
   * @throws IllegalArgumentException if it is not an address literal with an optional prefix length
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    // Only literals: the config allows hex digits, dots and colons here, and a lookup would hide a typo.
    if (!address.matches("[0-9a-fA-F.:]+")) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + text, e);
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("prefix length out of range in " + text);
      }
    }
    return new Cidr(bytes, bits);
  }

  /** Whether the address lies in this network; an address of the other family never does. */
  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixBits / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int restBits = prefixBits % 8;
    if (restBits == 0) {
      return true;
    }
    int mask = 0xff << (8 - restBits) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }
}
