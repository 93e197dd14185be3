package io.sluice.agent.connection;

import io.sluice.config.Durations;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs what peers do wrong without letting them flood the log: the first problem of a kind is logged at once with
 * its peer and reason; later ones of that kind are counted and logged as one line per interval, with the count,
 * the peers that caused most of them and the last reason. A kind quiet for a whole interval is logged at once
 * again. Reasons must be safe to log (no payload bytes, no secrets); no stack trace is ever written.
 */
public final class PeerProblemLog implements AutoCloseable {

  /** How often counted problems are summarized. */
  public static final Duration INTERVAL = Duration.ofSeconds(60);
  /** Peers named in a summary line; the others are only counted. */
  static final int TOP_PEERS = 5;
  /** Distinct peers counted per kind and interval, so a flood from many addresses cannot grow the map. */
  static final int MAX_TRACKED_PEERS = 1_000;

  private final Logger log;
  private final String listener;
  private final Duration interval;
  // Guarded by this.
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private ScheduledFuture<?> summaries;

  /**
   * @param log where the lines go (the listener's class logger, so existing log settings apply)
   * @param listener names the listener in each line, e.g. {@code Forward}
   */
  public PeerProblemLog(Logger log, String listener, Duration interval) {
    this.log = log;
    this.listener = listener;
    this.interval = interval;
  }

  /** Summarizes on {@code timer} (the listener's event loop, so no thread of its own) until {@link #close}. */
  public synchronized void start(ScheduledExecutorService timer) {
    long nanos = interval.toNanos();
    summaries = timer.scheduleAtFixedRate(this::summarize, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** A problem worth an operator's attention: a refused handshake, a broken stream, a limit hit. */
  public void warn(String kind, SocketAddress peer, String reason) {
    report(Level.WARN, kind, peer, reason);
  }

  /** A problem that also happens to healthy peers now and then: a reset, an aborted TLS handshake. */
  public void info(String kind, SocketAddress peer, String reason) {
    report(Level.INFO, kind, peer, reason);
  }

  private void report(Level level, String kind, SocketAddress peer, String reason) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    synchronized (this) {
      Tally tally = tallies.get(kind);
      if (tally != null) {
        tally.add(hostOf(peer), reason);
        return;
      }
      tallies.put(kind, new Tally(level));
    }
    log.atLevel(level).log("{} connection from {} closed kind={}: {} (more of this kind are counted and logged "
        + "every {})", listener, peer, kind, reason, Durations.format(interval));
  }

  /** Writes one line per kind counted since the last summary; kinds with nothing counted may log at once again. */
  void summarize() {
    List<String> lines = new ArrayList<>();
    List<Level> levels = new ArrayList<>();
    synchronized (this) {
      tallies.entrySet().removeIf(entry -> entry.getValue().count == 0);
      tallies.forEach((kind, tally) -> {
        lines.add(tally.summary(kind, Durations.format(interval)));
        levels.add(tally.level);
        tally.reset();
      });
    }
    for (int i = 0; i < lines.size(); i++) {
      log.atLevel(levels.get(i)).log("{} connections closed {}", listener, lines.get(i));
    }
  }

  /** Stops the summaries and writes what was counted since the last one. */
  @Override
  public void close() {
    synchronized (this) {
      if (summaries != null) {
        summaries.cancel(false);
      }
    }
    summarize();
  }

  private static String hostOf(SocketAddress peer) {
    if (peer instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return String.valueOf(peer);
  }

  /** What was counted of one kind since the last summary. */
  private static final class Tally {
    private final Level level;
    private final Map<String, Long> byPeer = new HashMap<>();
    private long count;
    private long untracked;
    private String lastReason = "";

    Tally(Level level) {
      this.level = level;
    }

    void add(String peer, String reason) {
      count++;
      lastReason = reason;
      if (byPeer.containsKey(peer) || byPeer.size() < MAX_TRACKED_PEERS) {
        byPeer.merge(peer, 1L, Long::sum);
      } else {
        untracked++;
      }
    }

    String summary(String kind, String interval) {
      String top = byPeer.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP_PEERS)
          .map(entry -> entry.getKey() + "=" + entry.getValue())
          .collect(Collectors.joining(" "));
      int others = byPeer.size() - Math.min(byPeer.size(), TOP_PEERS);
      String rest = others > 0 || untracked > 0
          ? " and " + (others + (untracked > 0 ? "+" : "")) + " more peers" : "";
      return "kind=" + kind + " count=" + count + " in_last=" + interval + " peers=[" + top + "]" + rest + " last_reason=\"" + lastReason
          + "\"";
    }

    void reset() {
      count = 0;
      untracked = 0;
      byPeer.clear();
    }
  }
}
