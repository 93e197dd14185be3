package io.sluice.agent.input.forward;

import io.sluice.agent.input.forward.handshake.SpecClient;
import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes the seed corpora of the agent's fuzz targets into {@code src/test/resources}: valid inputs of each kind,
 * from the examples of the forward protocol notes and the tests. Run by hand from the agent module after changing
 * a format; the seeds are checked in. Not a test.
 */
final class FuzzSeeds {

  private static final Path RESOURCES = Path.of("src/test/resources/io/sluice/agent/input");

  private FuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    byte[] entries = Frames.entries("four", "five");
    seeds("forward/ForwardStreamFuzzTestInputs/stream", Map.of(
        "message", Frames.message("app", "one", null),
        "message-chunk", Frames.message("app", "one", Map.of("chunk", "c1")),
        "message-event-time", messageWithEventTime(),
        "forward", Frames.forward("app", Map.of("size", 2, "chunk", "Y2h1bms=\n"), "two", "three"),
        "packed-str", Frames.packed("app", entries, false, Map.of("size", 2)),
        "packed-bin", Frames.packed("app", Frames.entries("six"), true, Map.of("fluent_signal", 0)),
        "compressed", Frames.packed("app", Frames.gzip(entries), true, Map.of("compressed", "gzip", "chunk", "c2")),
        "compressed-members", Frames.packed("app", Frames.concat(Frames.gzip(Frames.entries("a")),
            Frames.gzip(Frames.entries("b"))), false, Map.of("compressed", "gzip")),
        "two-frames", Frames.concat(Frames.message("a", "x", Map.of("chunk", "c")),
            Frames.forward("b", null, "y"))));
    // The first byte picks the shape: even, gzip bytes follow; odd, a payload to repeat and gzip (see the target).
    seeds("forward/GunzipFuzzTestInputs/inflate", Map.of(
        "entries", raw(Frames.gzip(entries)),
        "text", raw(Frames.gzip("hello, hello, hello, hello".getBytes(StandardCharsets.UTF_8))),
        "empty", raw(Frames.gzip(new byte[0])),
        "members", raw(Frames.concat(Frames.gzip(new byte[] {1, 2, 3}), Frames.gzip(new byte[] {4, 5}))),
        "zeros", raw(Frames.gzip(new byte[3000])),
        "repeated", ascii("\1\1abc"),
        "repeated-members", ascii("\3\1xyz")));

    Helo helo = new Helo(new byte[16], new byte[16], true);
    byte[] event = Frames.message("app", "after", Map.of("chunk", "c1"));
    seeds("forward/handshake/HandshakeFuzzTestInputs/handshake", Map.of(
        "raw-ping", Frames.concat(new byte[] {0}, SpecClient.ping(helo, "client", "the-shared-key")),
        "raw-ping-user", Frames.concat(new byte[] {0}, SpecClient.ping(helo, "client",
            "salt".getBytes(StandardCharsets.UTF_8), "the-shared-key", "alice", "secret")),
        "raw-event", Frames.concat(new byte[] {0}, event),
        "signed-alice", Frames.concat(ascii("\1client\0salt\0alice\0secret\0"), event),
        "signed-wrong-password", ascii("\1client\0salt\0alice\0guess\0"),
        "signed-anonymous", ascii("\1client\0salt\0\0\0")));

    // The first byte picks the reader: 0 JSON, 1 NDJSON, 2 msgpack, 3 form.
    byte[] map = msgpackMap();
    seeds("http/HttpBodyFuzzTestInputs/read", Map.of(
        "json-object", body(0, ascii("{\"msg\":\"hi\",\"time\":1764083509.5}")),
        "json-array", body(0, ascii("[{\"a\":1},{\"b\":[true,null,2.5e3]},{\"c\":{\"d\":\"\\u00e9\"}}]")),
        "json-nested", body(0, ascii("{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}},\"time\":\"1764083509\"}")),
        "ndjson", body(1, ascii("{\"a\":1}\n{\"b\":\"two\",\"time\":1764083509}\r\n\n{\"c\":[1,2]}")),
        "msgpack-map", body(2, map),
        "msgpack-array", body(2, Frames.concat(new byte[] {(byte) 0x92}, map, map)),
        "form-json", body(3, ascii("json=" + URLEncoder.encode("{\"msg\":\"hi\"}", StandardCharsets.UTF_8))),
        "form-msgpack", body(3, ascii("other=1&msgpack=" + percentEncoded(map))),
        "form-bare-json", body(3, ascii("[{\"a\":1}]"))));
  }

  private static byte[] messageWithEventTime() throws IOException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(3).packString("app");
      packer.packExtensionTypeHeader((byte) 0, 8).writePayload(new byte[] {0x69, 0x25, 0x6a, 0x35, 0, 0, 0, 7});
      packer.writePayload(Frames.record("timed"));
      return packer.toByteArray();
    }
  }

  private static byte[] msgpackMap() throws IOException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packMapHeader(3).packString("msg").packString("hi");
      packer.packString("n").packArrayHeader(2).packInt(1).packDouble(2.5);
      packer.packString("bin").packBinaryHeader(2).writePayload(new byte[] {0, 1});
      return packer.toByteArray();
    }
  }

  private static byte[] raw(byte[] gzip) {
    return Frames.concat(new byte[] {0}, gzip);
  }

  private static byte[] body(int reader, byte[] body) {
    return Frames.concat(new byte[] {(byte) reader}, body);
  }

  private static String percentEncoded(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(String.format("%%%02X", b & 0xff));
    }
    return text.toString();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void seeds(String directory, Map<String, byte[]> seeds) throws IOException {
    Path dir = RESOURCES.resolve(directory);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      Files.write(dir.resolve(seed.getKey()), Arrays.copyOf(seed.getValue(), seed.getValue().length));
    }
  }
}
