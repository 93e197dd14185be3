package io.sluice.bench.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finding 1: CompressedPackedForward messages whose entries are gzipped zeros, small on the wire and huge inflated,
 * sent without any authentication. The agent must refuse them without running out of memory.
 */
final class GzipBombScenario implements Scenario {

  private final String name;
  private final int bombs;
  private final long inflatedBytes;

  GzipBombScenario(String name, int bombs, long inflatedBytes) {
    this.name = name;
    this.bombs = bombs;
    this.inflatedBytes = inflatedBytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return String.format(Locale.ROOT, "%s CompressedPackedForward message%s of %,d MiB of gzipped zeros on the"
        + " forward port, unauthenticated; the agent must refuse %s and stay up", bombs == 1 ? "a" : bombs + " concurrent",
        bombs == 1 ? "" : "s", inflatedBytes >> 20, bombs == 1 ? "it" : "them");
  }

  @Override
  public AgentKind agent() {
    return AgentKind.PLAIN;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    byte[] bomb = HostileFrames.gzippedZeros(inflatedBytes);
    context.note("each bomb: %,d bytes on the wire, %,d inflated", bomb.length, inflatedBytes);
    Map<String, Integer> reactions = new TreeMap<>();
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < bombs; i++) {
      String chunk = name + "-" + i;
      Thread sender = new Thread(() -> {
        String reaction;
        try (ForwardClient client = ForwardClient.plain(context.target().forwardPort(), Duration.ofSeconds(15))) {
          client.send(HostileFrames.packedForward("hostile.bomb", bomb, 1, chunk, true));
          reaction = client.reaction();
        } catch (Exception e) {
          reaction = "send failed (" + e.getClass().getSimpleName() + ")";
        }
        synchronized (reactions) {
          reactions.merge(reaction.length() > 80 ? reaction.substring(0, 80) : reaction, 1, Integer::sum);
        }
      }, "hostile-bomb-" + i);
      senders.add(sender);
      sender.start();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    context.note("the agent's reaction to the bombs: %s", reactions);
  }
}
