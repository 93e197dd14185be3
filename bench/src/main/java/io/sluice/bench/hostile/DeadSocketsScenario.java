package io.sluice.bench.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finding 6: while the buffer is full, senders whose chunk waits for an ack give up, close their connection and
 * resend the chunk on a new one, as out_forward does on an ack timeout. Once the buffer has room again, a chunk
 * whose connection is gone must not be stored: every record must land once, not twice.
 */
final class DeadSocketsScenario implements Scenario {

  private static final int RECORDS_PER_CHUNK = 100;
  private static final Duration FULL_ACK_WAIT = Duration.ofSeconds(3);

  @Override
  public String name() {
    return "dead-sockets";
  }

  @Override
  public String description() {
    return "the output is blocked until the buffer budget is full; senders then give up on held chunks, close,"
        + " and resend them once the output is back: no record may land twice";
  }

  @Override
  public AgentKind agent() {
    return AgentKind.BUDGET;
  }

  @Override
  public boolean controlled() {
    return false;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    SuiteOptions options = context.options();
    Path output = context.target().output();
    Path aside = output.resolveSibling("output-aside");
    // A regular file where the output's directory was: the output cannot write, so the buffer fills.
    Files.move(output, aside);
    Files.writeString(output, "the hostile suite blocks this output\n");
    ForwardClient filler = null;
    try {
      filler = fill(context);
      List<Thread> resenders = new ArrayList<>();
      for (int client = 0; client < options.deadClients(); client++) {
        resenders.add(giveUpAndResend(context, client));
      }
      Files.delete(output);
      Files.move(aside, output);
      context.note("output unblocked; waiting up to %d s for the resent chunks' acks",
          options.resumeWait().toSeconds());
      for (Thread resender : resenders) {
        resender.join(options.resumeWait().toMillis() + 5_000);
      }
    } finally {
      if (filler != null) {
        filler.close();
      }
      if (Files.isRegularFile(output)) {
        Files.delete(output);
        Files.move(aside, output);
      }
    }
  }

  /** Sends filler chunks until one is not acknowledged in time; returns the connection holding that chunk. */
  private static ForwardClient fill(ScenarioContext context) throws Exception {
    byte[] entries = HostileFrames.controlEntries("dead/filler", 0, 2_000);
    long limit = Math.max(50, 8 * context.options().budgetBytes() / entries.length);
    ForwardClient filler = ForwardClient.plain(context.target().forwardPort(), FULL_ACK_WAIT);
    for (int chunk = 0; chunk < limit; chunk++) {
      try {
        filler.sendAcked("hostile.filler", entries, 2_000, "filler-" + chunk);
      } catch (IOException e) {
        context.note("buffer full: filler chunk %d (of %,d bytes) not acknowledged within %d s", chunk,
            entries.length, FULL_ACK_WAIT.toSeconds());
        return filler;
      }
    }
    filler.close();
    throw context.notRun("the buffer never filled: " + limit + " filler chunks were all acknowledged");
  }

  /** Sends a probe chunk that is held, gives up on it, then resends it on a new connection in the background. */
  private static Thread giveUpAndResend(ScenarioContext context, int client) throws IOException {
    String prefix = "dead/" + client;
    byte[] entries = HostileFrames.probeEntries(prefix, RECORDS_PER_CHUNK);
    String chunk = prefix + "/chunk";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < RECORDS_PER_CHUNK; i++) {
      ids.add(prefix + "/" + i);
    }
    context.probes().sent(RECORDS_PER_CHUNK);
    try (ForwardClient first = ForwardClient.plain(context.target().forwardPort(), FULL_ACK_WAIT)) {
      long started = System.nanoTime();
      first.sendAcked("hostile.dead", entries, RECORDS_PER_CHUNK, chunk);
      context.probes().acked(ids, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      context.note("client %d: acked while the buffer was full", client);
    } catch (IOException e) {
      // Expected: no ack while the buffer is full; the sender gives up and its connection closes here.
    }
    Thread resender = new Thread(() -> {
      context.probes().sent(RECORDS_PER_CHUNK);
      long started = System.nanoTime();
      try (ForwardClient again = ForwardClient.plain(context.target().forwardPort(),
          context.options().resumeWait())) {
        again.sendAcked("hostile.dead", entries, RECORDS_PER_CHUNK, chunk);
        context.probes().acked(ids, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } catch (IOException e) {
        context.note("client %d: the resent chunk was not acknowledged (%s)", client, e.getMessage());
      }
    }, "hostile-resend-" + client);
    resender.setDaemon(true);
    resender.start();
    return resender;
  }
}
