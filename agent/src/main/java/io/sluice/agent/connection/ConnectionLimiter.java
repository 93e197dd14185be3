package io.sluice.agent.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A listener's child handler: admits a new connection only while the listener has fewer than {@code max} open and
 * its source address fewer than {@code maxPerSource}, and only then builds its pipeline with {@code pipeline}.
 * Anything over a limit is closed at once, before a byte is read or written, so it costs one descriptor for a
 * moment and nothing else; it is counted and logged through the {@link PeerProblemLog}, summarized.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInitializer<Channel> {

  private final int max;
  private final int maxPerSource;
  private final String settings;
  private final ChannelHandler pipeline;
  private final ConnectionMetrics metrics;
  private final PeerProblemLog problems;
  // Guarded by this: connections of every event loop of the listener meet here.
  private final Map<InetAddress, Integer> perSource = new HashMap<>();
  private int open;

  /**
   * @param settings where the limits are configured, for the log line (e.g. {@code inputs.forward.connections})
   * @param pipeline builds an admitted connection's pipeline (a {@link ChannelInitializer}, usually)
   */
  public ConnectionLimiter(int max, int maxPerSource, String settings, ChannelHandler pipeline,
      ConnectionMetrics metrics, PeerProblemLog problems) {
    this.max = max;
    this.maxPerSource = maxPerSource;
    this.settings = settings;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.problems = problems;
  }

  @Override
  protected void initChannel(Channel channel) {
    SocketAddress peer = channel.remoteAddress();
    InetAddress source = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
    String refusal = admit(source);
    if (refusal != null) {
      metrics.refused(refusal);
      problems.warn(refusal, peer, refusal.equals("max")
          ? max + " connections are open on this listener (" + settings + ".max)"
          : maxPerSource + " connections from this address are open (" + settings + ".max_per_source)");
      channel.close();
      return;
    }
    metrics.opened();
    channel.closeFuture().addListener(closed -> release(source));
    channel.pipeline().addLast(pipeline);
  }

  /** Counts the connection in and returns null, or returns the limit it would exceed. */
  private synchronized String admit(InetAddress source) {
    if (open >= max) {
      return "max";
    }
    if (source != null) {
      int fromSource = perSource.getOrDefault(source, 0);
      if (fromSource >= maxPerSource) {
        return "max_per_source";
      }
      perSource.put(source, fromSource + 1);
    }
    open++;
    return null;
  }

  private void release(InetAddress source) {
    synchronized (this) {
      open--;
      if (source != null) {
        perSource.computeIfPresent(source, (address, count) -> count > 1 ? count - 1 : null);
      }
    }
    metrics.closed();
  }
}
