package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.agent.AdminHttp;
import io.sluice.agent.input.RecordLimits;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * What is acknowledged can be written: every msgpack type as a key and as a value, at several depths, through the
 * forward input and the HTTP input (msgpack, and JSON and NDJSON for what JSON can say), reaches a whole agent's
 * local output as a JSON line, or is refused before the acknowledgement; the output never skips one as malformed.
 */
class AgentRecordParityEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(RecordLimits.JSON_RECORD).build());
  private static final long SECONDS = 1_795_619_509L;
  private static final int[] DEPTHS = {1, 2, 5};

  @TempDir
  Path dir;

  private Agent agent;
  /** Every record sent, by id: whether the input acknowledged it. */
  private final Map<String, Boolean> acknowledged = new LinkedHashMap<>();

  /** One msgpack value of one type, and its JSON text when JSON can say it. */
  private record Sample(String name, String json, Writes msgpack) {}

  /** Writes msgpack. */
  @FunctionalInterface
  private interface Writes {
    void to(MessagePacker packer) throws IOException;
  }

  private static final List<Sample> SAMPLES = List.of(
      new Sample("nil", "null", MessagePacker::packNil),
      new Sample("true", "true", packer -> packer.packBoolean(true)),
      new Sample("false", "false", packer -> packer.packBoolean(false)),
      new Sample("fixint", "42", packer -> packer.packInt(42)),
      new Sample("negative", "-1", packer -> packer.packInt(-1)),
      new Sample("int64-min", "-9223372036854775808", packer -> packer.packLong(Long.MIN_VALUE)),
      new Sample("uint64-max", "18446744073709551615",
          packer -> packer.packBigInteger(new BigInteger("18446744073709551615"))),
      new Sample("float32", "1.5", packer -> packer.packFloat(1.5f)),
      new Sample("float64", "-2.25", packer -> packer.packDouble(-2.25)),
      new Sample("str", "\"s\"", packer -> packer.packString("s")),
      new Sample("str-invalid-utf8", null,
          packer -> packer.packRawStringHeader(3).writePayload(new byte[] {'a', (byte) 0xFF, 'b'})),
      new Sample("bin", null, packer -> packer.packBinaryHeader(3).writePayload(new byte[] {'b', 0, (byte) 0xFE})),
      new Sample("array", "[1,\"a\",[]]", packer -> packer.packArrayHeader(3).packInt(1).packString("a")
          .packArrayHeader(0)),
      new Sample("map", "{\"k\":{\"v\":null}}", packer -> packer.packMapHeader(1).packString("k").packMapHeader(1)
          .packString("v").packNil()),
      new Sample("ext", null, packer -> packer.packExtensionTypeHeader((byte) 5, 3).writePayload(new byte[] {1, 2,
          3})),
      new Sample("event-time", null, packer -> packer.packExtensionTypeHeader((byte) 0, 8)
          .writePayload(ByteBuffer.allocate(8).putInt((int) SECONDS).putInt(123).array())),
      new Sample("timestamp64", null, packer -> packer.packExtensionTypeHeader((byte) -1, 8)
          .writePayload(ByteBuffer.allocate(8).putLong(7L << 34 | SECONDS).array())),
      new Sample("timestamp96-out-of-range", null, packer -> packer.packExtensionTypeHeader((byte) -1, 12)
          .writePayload(ByteBuffer.allocate(12).putInt(0).putLong(Long.MAX_VALUE).array())));

  @BeforeEach
  void startAgent() throws Exception {
    String yaml = """
        agent: {id: parity, drain_timeout: 20s}
        inputs:
          forward: {enabled: true, bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        outputs:
          - name: files
            type: local
            directory: %s
            roll: {age: 1s}
        admin: {enabled: true, bind: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("buffer"), dir.resolve("files"));
    SluiceConfig config = new ConfigLoader(Map.of()).parse("parity.yaml", yaml, dir);
    agent = new Agent(config);
    agent.start();
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  @Test
  void everyMsgpackTypeAsAKeyAndAsAValueAtEveryDepthIsWrittenOrRefusedThroughEveryInput() throws Exception {
    for (Sample sample : SAMPLES) {
      for (int depth : DEPTHS) {
        for (boolean asKey : new boolean[] {true, false}) {
          String role = sample.name() + (asKey ? "-key-" : "-value-") + depth;
          sendForward("forward-" + role, packer -> nestedRecord(packer, "forward-" + role, depth, asKey, sample));
          sendHttp("http-msgpack-" + role, "application/msgpack",
              msgpack(packer -> nestedRecord(packer, "http-msgpack-" + role, depth, asKey, sample)));
        }
        if (sample.json() != null) {
          String id = sample.name() + "-value-" + depth;
          sendHttp("http-json-" + id, "application/json", utf8(jsonRecord("http-json-" + id, depth,
              sample.json())));
          sendHttp("http-ndjson-" + id, "application/x-ndjson", utf8("{\"other\":1}\n"
              + jsonRecord("http-ndjson-" + id, depth, sample.json()) + "\n"));
        }
      }
    }

    assertEveryAcknowledgedRecordIsWrittenOnce();
    // The one refusal among them: HTTP takes records as UTF-8 text, so a str that is not UTF-8 is a bad request,
    // while forward (Fluentd's own protocol) repairs it as it writes.
    assertThat(refused()).allMatch(id -> id.startsWith("http-msgpack-str-invalid-utf8-")).hasSize(6);
  }

  @Test
  void recordsNestedToTheLimitAreWrittenAndDeeperOnesRefusedThroughEveryInput() throws Exception {
    for (int levels : new int[] {RecordLimits.MAX_DEPTH, RecordLimits.MAX_DEPTH + 1}) {
      for (boolean inKey : new boolean[] {false, true}) {
        String role = levels + (inKey ? "-levels-in-a-key" : "-levels");
        sendForward("forward-" + role, packer -> deepRecord(packer, "forward-" + role, levels, inKey));
        sendHttp("http-msgpack-" + role, "application/msgpack",
            msgpack(packer -> deepRecord(packer, "http-msgpack-" + role, levels, inKey)));
      }
      String nested = "[".repeat(levels - 1) + "]".repeat(levels - 1);
      sendHttp("http-json-" + levels, "application/json",
          utf8("[{\"id\":\"http-json-" + levels + "\",\"a\":" + nested + "}]"));
      sendHttp("http-ndjson-" + levels, "application/x-ndjson",
          utf8("{\"id\":\"http-ndjson-" + levels + "\",\"a\":" + nested + "}\n"));
    }

    assertEveryAcknowledgedRecordIsWrittenOnce();
    assertThat(refused()).allMatch(id -> id.contains((RecordLimits.MAX_DEPTH + 1) + "-levels")
        || id.endsWith("-" + (RecordLimits.MAX_DEPTH + 1))).hasSize(6);
  }

  @Test
  void jsonStringsPastJacksonsDefaultAndUpToTheBodyLimitAreWrittenInFull() throws Exception {
    String past = "x".repeat(20_051_429);
    sendHttp("http-json-long-string", "application/json",
        utf8("{\"id\":\"http-json-long-string\",\"s\":\"" + past + "\"}"));
    String envelope = "{\"id\":\"http-json-body-limit\",\"s\":\"\"}";
    String atLimit = "y".repeat((32 << 20) - envelope.length());
    byte[] body = utf8("{\"id\":\"http-json-body-limit\",\"s\":\"" + atLimit + "\"}");
    assertThat(body).hasSize(32 << 20);
    sendHttp("http-json-body-limit", "application/json", body);

    assertThat(refused()).isEmpty();
    Map<String, JsonNode> lines = assertEveryAcknowledgedRecordIsWrittenOnce();
    assertThat(lines.get("http-json-long-string").get("s").asText()).isEqualTo(past);
    assertThat(lines.get("http-json-body-limit").get("s").asText()).isEqualTo(atLimit);
  }

  /**
   * {@code {"id": id, "n": {"n": ... {<sample>: "x"} or {"v": <sample>}}}}: the sample's entry in the map at
   * {@code depth}, the record's own map being depth 1.
   */
  private static void nestedRecord(MessagePacker packer, String id, int depth, boolean asKey, Sample sample)
      throws IOException {
    packer.packMapHeader(2).packString("id").packString(id);
    for (int level = 1; level < depth; level++) {
      packer.packString("n").packMapHeader(1);
    }
    if (asKey) {
      sample.msgpack().to(packer);
      packer.packString("x");
    } else {
      packer.packString("v");
      sample.msgpack().to(packer);
    }
  }

  private static String jsonRecord(String id, int depth, String value) {
    return "{\"id\":\"" + id + "\"," + "\"n\":{".repeat(depth - 1) + "\"v\":" + value + "}".repeat(depth - 1)
        + "}";
  }

  /** A record of {@code levels} levels: arrays under a value, or under a key whose value is "x". */
  private static void deepRecord(MessagePacker packer, String id, int levels, boolean inKey) throws IOException {
    packer.packMapHeader(2).packString("id").packString(id);
    if (!inKey) {
      packer.packString("a");
    }
    for (int level = 1; level < levels; level++) {
      packer.packArrayHeader(1);
    }
    packer.packNil();
    if (inKey) {
      packer.packString("x");
    }
  }

  /** Sends one Message-mode frame with a chunk and records whether it was acknowledged or the connection closed. */
  private void sendForward(String id, Writes record) throws IOException {
    byte[] frame = msgpack(packer -> {
      packer.packArrayHeader(4).packString("parity.forward").packLong(SECONDS);
      record.to(packer);
      packer.packMapHeader(1).packString("chunk").packString(id);
    });
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), agent.forwardPort().orElseThrow())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(frame);
      InputStream in = socket.getInputStream();
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in)) {
        Value ack = unpacker.unpackValue();
        assertThat(ack.toString()).as("the ack of %s", id).isEqualTo("{\"ack\":\"" + id + "\"}");
        acknowledged.put(id, true);
      } catch (IOException | MessagePackException closed) {
        // A refusal closes the connection without an ack.
        acknowledged.put(id, false);
      }
    }
  }

  /** Posts one body and records whether it was answered 200; any other answer must be a refusal. */
  private void sendHttp(String id, String contentType, byte[] body) throws IOException {
    URI server = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
      int status = http.post("/parity.http", contentType, body).status();
      assertThat(status).as("the answer to %s", id).isIn(200, 400, 413);
      acknowledged.put(id, status == 200);
    }
  }

  private List<String> refused() {
    return acknowledged.entrySet().stream().filter(entry -> !entry.getValue()).map(Map.Entry::getKey).toList();
  }

  /** Waits until every acknowledged record is in the output; checks each is there once and nothing was skipped. */
  private Map<String, JsonNode> assertEveryAcknowledgedRecordIsWrittenOnce() throws Exception {
    List<String> expected = acknowledged.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
        .toList();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> linesById().keySet().containsAll(expected));
    Map<String, JsonNode> lines = linesById();
    assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(malformedRecords()).isZero();
    return lines;
  }

  /** The output's lines with an id, by id; fails on an id written twice. */
  private Map<String, JsonNode> linesById() throws IOException {
    Map<String, JsonNode> lines = new HashMap<>();
    Path root = dir.resolve("files");
    if (!Files.isDirectory(root)) {
      return lines;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      // A file still being written is renamed once complete; only complete files count.
      files = walk.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".sluice-tmp")).toList();
    }
    for (Path file : files) {
      assertThat(file.toString()).as("a file of the output").doesNotContain("_quarantine");
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode line = JSON.readTree(text);
        JsonNode id = line.get("id");
        if (id != null) {
          assertThat(lines.put(id.asText(), line)).as("lines with id %s", id.asText()).isNull();
        }
      }
    }
    return lines;
  }

  /** The output's count of records it skipped as unreadable; a counter no record has raised is not listed. */
  private double malformedRecords() throws Exception {
    String metrics = AdminHttp.get(agent.adminPort().orElseThrow(), "/metrics").body();
    Matcher matcher = Pattern.compile("(?m)^sluice_output_malformed_records_total\\{[^}]*} (\\S+)$").matcher(metrics);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  private static byte[] msgpack(Writes writes) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      writes.to(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
