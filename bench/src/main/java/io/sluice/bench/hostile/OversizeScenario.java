package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Frames and bodies above the limits, and structures nested deeper than any parser's stack: the agent must refuse
 * what it cannot take, stay up, and write every record it acknowledged.
 */
final class OversizeScenario implements Scenario {

  private static final int DEPTH = 100_000;

  @Override
  public String name() {
    return "oversize-deep";
  }

  @Override
  public String description() {
    return "a forward frame and an HTTP body 1 MiB above their limits, records nested 100,000 deep (maps, arrays,"
        + " JSON) and a 30 MiB string in a forward record";
  }

  @Override
  public AgentKind agent() {
    return AgentKind.PLAIN;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    SuiteOptions options = context.options();
    Probes probes = new Probes(context);
    context.note("forward frame of max_frame_size + 1 MiB: %s", oversizeFrame(context));
    byte[] body = new byte[(int) Math.min(Integer.MAX_VALUE - 16, options.bodyLimitBytes() + (1 << 20))];
    Arrays.fill(body, (byte) ' ');
    body[0] = '[';
    context.note("HTTP body of body_limit + 1 MiB: %s", Probes.post(context.target().httpPort(),
        "application/json", body));
    context.note("forward record with maps nested %,d deep: %s", DEPTH,
        probes.forward("oversize/deep-map", 1, packer -> {
          packer.packString("deep");
          for (int i = 0; i < DEPTH; i++) {
            packer.packMapHeader(1).packString("a");
          }
          packer.packMapHeader(0);
        }));
    context.note("forward record with arrays nested %,d deep: %s", DEPTH,
        probes.forward("oversize/deep-array", 1, packer -> {
          packer.packString("deep");
          for (int i = 0; i < DEPTH; i++) {
            packer.packArrayHeader(1);
          }
          packer.packArrayHeader(0);
        }));
    String id = "oversize/deep-json";
    StringBuilder json = new StringBuilder("[{\"" + LandedRecords.PROBE_KEY + "\":\"" + id + "\",\"deep\":");
    json.append("{\"a\":".repeat(DEPTH)).append("{}").append("}".repeat(DEPTH)).append("}]");
    context.note("HTTP record with objects nested %,d deep: %s", DEPTH,
        probes.http(id, json.toString().getBytes(StandardCharsets.UTF_8)));
    int huge = 30 << 20;
    context.note("forward record with a %,d-character string: %s", huge,
        probes.forward("oversize/huge-string", 1, packer -> packer.packString("big")
            .packString(HostileFrames.PAYLOAD_MARKER + "x".repeat(huge - HostileFrames.PAYLOAD_MARKER.length()))));
  }

  private static String oversizeFrame(ScenarioContext context) {
    long length = context.options().maxFrameBytes() + (1 << 20);
    try (ForwardClient client = ForwardClient.plain(context.target().forwardPort(), Duration.ofSeconds(15))) {
      byte[] tag = "hostile.oversize".getBytes(StandardCharsets.US_ASCII);
      OutputStream out = client.rawOutput();
      byte[] head = new byte[2 + tag.length + 5];
      head[0] = (byte) 0x93;
      head[1] = (byte) (0xa0 | tag.length);
      System.arraycopy(tag, 0, head, 2, tag.length);
      int at = 2 + tag.length;
      head[at] = (byte) 0xc6;
      head[at + 1] = (byte) (length >>> 24);
      head[at + 2] = (byte) (length >>> 16);
      head[at + 3] = (byte) (length >>> 8);
      head[at + 4] = (byte) length;
      try {
        out.write(head);
        byte[] block = new byte[1 << 20];
        for (long sent = 0; sent < length; sent += block.length) {
          out.write(block);
        }
        out.flush();
      } catch (IOException e) {
        return "closed while sending";
      }
      return client.reaction();
    } catch (IOException e) {
      return "could not connect";
    }
  }
}
