package io.sluice.agent.input.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds each connection's pipeline: its share of the memory budget, HTTP/1.1 codec, keep-alive idle timeout,
 * gzip/deflate decompression, the body limit (counted on decompressed bytes, since decompression comes first), then
 * the ingest handler.
 */
final class HttpInputPipeline extends ChannelInitializer<Channel> {

  private final int bodyLimit;
  private final Duration keepaliveTimeout;
  private final Supplier<ChannelHandler> ingestHandler;
  private final InFlightBudget budget;

  /**
   * @param ingestHandler makes the last handler of a pipeline, one per connection
   * @param budget the in-flight bytes every input shares
   */
  HttpInputPipeline(int bodyLimit, Duration keepaliveTimeout, Supplier<ChannelHandler> ingestHandler,
      InFlightBudget budget) {
    this.bodyLimit = bodyLimit;
    this.keepaliveTimeout = keepaliveTimeout;
    this.ingestHandler = ingestHandler;
    this.budget = budget;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.pipeline()
        // First, so that it also holds back the reads the codec and the aggregator ask for on their own.
        .addLast(ConnectionBudget.NAME, new ConnectionBudget(budget))
        .addLast("http", new HttpServerCodec())
        .addLast("idle", new IdleStateHandler(0, 0, keepaliveTimeout.toMillis(), TimeUnit.MILLISECONDS))
        // maxAllocation 0: the decompressor then passes on each 64 KiB it inflates at once, and the aggregator
        // below stops a gzip bomb at the limit without all of it ever being in memory. A non-zero maxAllocation
        // caps what one network read may inflate to, failing big valid bodies with a decompression error.
        .addLast("decompress", new HttpContentDecompressor(0))
        .addLast("aggregate", new BodyLimitAggregator(bodyLimit))
        .addLast("ingest", ingestHandler.get());
  }
}
