package io.sluice.bench.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finding 2: records the inputs take but the output could not write: a string longer than the output's JSON
 * writer allows, and map keys that are not strings below the top level. Each acknowledged one must be in the
 * output; the others must have been refused before the ack.
 */
final class AckedThenDroppedScenario implements Scenario {

  private static final int LONG_STRING = 20_051_429;

  @Override
  public String name() {
    return "acked-then-dropped";
  }

  @Override
  public String description() {
    return "a 20,051,429-character string through HTTP and forward, and every non-string msgpack type as a map"
        + " key at depths 1 to 3; each acknowledged record must be written";
  }

  @Override
  public AgentKind agent() {
    return AgentKind.PLAIN;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    Probes probes = new Probes(context);
    String big = "x".repeat(LONG_STRING);
    String id = "dropped/long-string-http";
    byte[] body = ("[{\"" + LandedRecords.PROBE_KEY + "\":\"" + id + "\",\"big\":\"" + big + "\"}]")
        .getBytes(StandardCharsets.UTF_8);
    context.note("HTTP record with a %,d-character string: %s", LONG_STRING, probes.http(id, body));
    context.note("forward record with a %,d-character string: %s", LONG_STRING,
        probes.forward("dropped/long-string-forward", 1, packer -> packer.packString("big").packString(big)));
    Map<String, String> reactions = new TreeMap<>();
    for (int depth = 1; depth <= 3; depth++) {
      for (String type : Probes.KEY_TYPES) {
        int levels = depth;
        String reaction = probes.forward("dropped/key-" + type + "-depth-" + depth, 1, packer -> {
          // Depth 1 puts the odd key beside probe_id; deeper ones under "a", "a"/"b".
          if (levels == 1) {
            Probes.key(packer, type);
            packer.packString("x");
            return;
          }
          packer.packString("a");
          for (int level = 2; level < levels; level++) {
            packer.packMapHeader(1).packString("b");
          }
          packer.packMapHeader(1);
          Probes.key(packer, type);
          packer.packString("x");
        });
        reactions.merge(reaction.startsWith("acked") ? "acked" : "refused (" + reaction + ")",
            type + "@" + depth, (a, b) -> a + " " + b);
      }
    }
    reactions.forEach((reaction, keys) -> context.note("non-string keys %s: %s", reaction, keys));
  }
}
