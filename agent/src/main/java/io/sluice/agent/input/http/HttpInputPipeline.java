package io.sluice.agent.input.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.connection.ProgressWatch;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import java.util.function.Supplier;

/**
 * Builds each connection's pipeline: its share of the memory budget, the progress watch's byte count, HTTP/1.1
 * codec, the watch's request count (it fires the keep-alive idle events, and closes a request arriving too slowly),
 * the check that a gzip body is at least a gzip header long, gzip/deflate decompression, the body limit (counted on
 * decompressed bytes, since decompression comes first), then the ingest handler.
 */
final class HttpInputPipeline extends ChannelInitializer<Channel> {

  private final int bodyLimit;
  private final ProgressRules progress;
  private final Supplier<ChannelHandler> ingestHandler;
  private final InFlightBudget budget;

  /**
   * @param progress the keep-alive timeout and minimum transfer rate, which only complete requests satisfy
   * @param ingestHandler makes the last handler of a pipeline, one per connection
   * @param budget the in-flight bytes every input shares
   */
  HttpInputPipeline(int bodyLimit, ProgressRules progress, Supplier<ChannelHandler> ingestHandler,
      InFlightBudget budget) {
    this.bodyLimit = bodyLimit;
    this.progress = progress;
    this.ingestHandler = ingestHandler;
    this.budget = budget;
  }

  @Override
  protected void initChannel(Channel channel) {
    ProgressWatch watch = progress.newWatch();
    channel.pipeline()
        // First, so that it also holds back the reads the codec and the aggregator ask for on their own.
        .addLast(ConnectionBudget.NAME, new ConnectionBudget(budget))
        .addLast("arrivals", watch.arrivals())
        .addLast("http", new HttpServerCodec())
        .addLast("progress", watch.completions())
        // maxAllocation 0: the decompressor then passes on each 64 KiB it inflates at once, and the aggregator
        // below stops a gzip bomb at the limit without all of it ever being in memory. A non-zero maxAllocation
        // caps what one network read may inflate to, failing big valid bodies with a decompression error.
        .addLast("gzip-length", new GzipLengthCheck())
        .addLast("decompress", new HttpContentDecompressor(0))
        .addLast("aggregate", new BodyLimitAggregator(bodyLimit))
        .addLast("ingest", ingestHandler.get());
  }
}
