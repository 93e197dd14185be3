package io.sluice.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.msgpack.core.MessagePacker;

/**
 * Sends one hostile record with a {@code probe_id} and records whether the agent acknowledged it: an acknowledged
 * probe must be found in the output exactly once.
 */
final class Probes {

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final ScenarioContext context;

  Probes(ScenarioContext context) {
    this.context = context;
  }

  /** Sends {@code {"probe_id": id, ...}} as its own PackedForward chunk; {@code rest} packs the other fields. */
  String forward(String id, int otherFields, HostileFrames.RecordWriter rest) {
    byte[] entries = HostileFrames.entry(packer -> {
      packer.packMapHeader(1 + otherFields).packString(LandedRecords.PROBE_KEY).packString(id);
      rest.write(packer);
    });
    return forwardFrame(id, HostileFrames.packedForward("hostile.probe", entries, 1, id, false));
  }

  /** Sends a ready frame whose chunk id is {@code id}; an ack counts {@code id} as an acknowledged probe. */
  String forwardFrame(String id, byte[] frame) {
    long started = System.nanoTime();
    context.probes().sent(1);
    try (ForwardClient client = ForwardClient.plain(context.target().forwardPort(), ANSWER_TIMEOUT)) {
      client.send(frame);
      String reaction = client.reaction();
      if (reaction.startsWith("answered") && reaction.contains(id)) {
        context.probes().acked(List.of(id), millisSince(started));
        return "acked";
      }
      return reaction;
    } catch (IOException | RuntimeException e) {
      return "send failed (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** Posts {@code body} (JSON) to the HTTP input; a 200 counts {@code id} as an acknowledged probe. */
  String http(String id, byte[] body) {
    long started = System.nanoTime();
    context.probes().sent(1);
    int status = post(context.target().httpPort(), "application/json", body);
    if (status == 200) {
      context.probes().acked(List.of(id), millisSince(started));
      return "200";
    }
    return status < 0 ? "no answer" : Integer.toString(status);
  }

  /** The status of a POST from the attackers' address, -1 if none came; the agent may cut the body short. */
  static int post(int port, String contentType, byte[] body) {
    return PlainHttp.post(Loopback.HOSTILE, port, "/hostile.probe", contentType, body, ANSWER_TIMEOUT);
  }

  /** Packs a map key of the given msgpack type. */
  static void key(MessagePacker packer, String type) throws IOException {
    switch (type) {
      case "binary" -> packer.packBinaryHeader(3).writePayload("bin".getBytes(StandardCharsets.US_ASCII));
      case "extension" -> packer.packExtensionTypeHeader((byte) 5, 2).writePayload(new byte[] {1, 2});
      case "array" -> packer.packArrayHeader(1).packString("k");
      case "map" -> packer.packMapHeader(1).packString("k").packString("v");
      case "integer" -> packer.packInt(7);
      case "nil" -> packer.packNil();
      case "boolean" -> packer.packBoolean(true);
      case "float" -> packer.packDouble(1.5);
      default -> throw new IllegalArgumentException(type);
    }
  }

  static final List<String> KEY_TYPES =
      List.of("binary", "extension", "array", "map", "integer", "nil", "boolean", "float");

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
