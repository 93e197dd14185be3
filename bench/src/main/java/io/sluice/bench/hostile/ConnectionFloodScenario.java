package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Findings 3 and 4: thousands of connections on one port that open and reset, or send the msgpack byte that is never
 * valid ({@code 0xc1}); on HTTP also requests that stop halfway through their body and reset; on forward also
 * thousands of idle connections held open. The agent must stay up, keep answering {@code /healthz} and log a
 * summary rather than a line per connection.
 */
final class ConnectionFloodScenario implements Scenario {

  /** Which port is flooded. */
  enum Port { FORWARD, HTTP, ADMIN }

  private static final int THREADS = 8;

  private final Port port;

  ConnectionFloodScenario(Port port) {
    this.port = port;
  }

  @Override
  public String name() {
    return "flood-" + port.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String description() {
    String extra = switch (port) {
      case FORWARD -> ", then idle connections held open";
      case HTTP -> ", then requests that reset halfway through their body";
      case ADMIN -> "";
    };
    return "connections on the " + port.name().toLowerCase(Locale.ROOT) + " port that open and reset, and that"
        + " send byte 0xc1" + extra;
  }

  @Override
  public AgentKind agent() {
    return AgentKind.PLAIN;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    SuiteOptions options = context.options();
    int target = switch (port) {
      case FORWARD -> context.target().forwardPort();
      case HTTP -> context.target().httpPort();
      case ADMIN -> context.target().adminPort();
    };
    int count = options.floodConnections();
    long started = System.nanoTime();
    int failed = RawConnections.flood(target, count, THREADS, RawConnections::reset);
    context.note("%,d connections opened and reset in %.1f s (%,d failed)", count, seconds(started), failed);
    started = System.nanoTime();
    failed = RawConnections.flood(target, count, THREADS, socket -> {
      socket.getOutputStream().write(0xc1);
      socket.shutdownOutput();
    });
    context.note("%,d connections sent 0xc1 and closed in %.1f s (%,d failed)", count, seconds(started), failed);
    if (port == Port.HTTP) {
      int halfBodies = Math.max(1, count / 10);
      byte[] head = ("POST /hostile.flood HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 4096\r\n\r\n[{\"msg\":\"" + HostileFrames.PAYLOAD_MARKER)
          .getBytes(StandardCharsets.US_ASCII);
      started = System.nanoTime();
      failed = RawConnections.flood(target, halfBodies, THREADS, socket -> {
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.write(new byte[2048 - head.length]);
        out.flush();
        sleepQuietly(5);
        RawConnections.reset(socket);
      });
      context.note("%,d requests sent half their body and reset in %.1f s (%,d failed)", halfBodies,
          seconds(started), failed);
    }
    if (port == Port.FORWARD) {
      holdIdle(context, target);
    }
  }

  private static void holdIdle(ScenarioContext context, int target) throws InterruptedException {
    SuiteOptions options = context.options();
    List<Socket> idle = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < options.idleConnections(); i++) {
      try {
        idle.add(RawConnections.open(target));
      } catch (IOException e) {
        refused++;
      }
    }
    Thread.sleep(options.idleDuration().toMillis());
    boolean healthy = context.target().agent().healthy(options.maxAck());
    int closed = 0;
    for (Socket socket : idle) {
      if (RawConnections.closedByPeer(socket, 1)) {
        closed++;
      }
      RawConnections.reset(socket);
    }
    context.note("%,d idle connections held for %d s (%,d could not be opened, %,d closed by the agent);"
        + " /healthz %s while they were held", idle.size(), options.idleDuration().toSeconds(), refused, closed,
        healthy ? "answered" : "did NOT answer");
    context.check("/healthz with idle connections held", healthy,
        healthy ? "answered" : "no answer within " + Bounds.seconds(options.maxAck().toMillis()));
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
