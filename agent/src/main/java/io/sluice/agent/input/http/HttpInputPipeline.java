package io.sluice.agent.input.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.connection.ProgressWatch;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds each connection's pipeline: its share of the memory budget, TLS when configured, the progress watch's byte
 * count, HTTP/1.1 codec, the watch's request count (it fires the keep-alive idle events, and closes a request
 * arriving too slowly), with {@code add_http_headers} the copy of the headers as sent, the check that a gzip body is
 * at least a gzip header long, gzip/deflate decompression, the body limit (counted on decompressed bytes, since
 * decompression comes first), then the ingest handler.
 */
final class HttpInputPipeline extends ChannelInitializer<Channel> {

  private final int bodyLimit;
  private final ProgressRules progress;
  private final Supplier<ChannelHandler> ingestHandler;
  private final InFlightBudget budget;
  private final Optional<SslContext> tls;
  private final boolean keepSentHeaders;

  /**
   * @param progress the keep-alive timeout and minimum transfer rate, which only complete requests satisfy
   * @param ingestHandler makes the last handler of a pipeline, one per connection
   * @param budget the in-flight bytes every input shares
   * @param tls the server TLS context, when the listener speaks TLS
   * @param keepSentHeaders whether requests carry their headers as sent, before decompression and aggregation
   *     rewrite them
   */
  HttpInputPipeline(int bodyLimit, ProgressRules progress, Supplier<ChannelHandler> ingestHandler,
      InFlightBudget budget, Optional<SslContext> tls, boolean keepSentHeaders) {
    this.bodyLimit = bodyLimit;
    this.progress = progress;
    this.ingestHandler = ingestHandler;
    this.budget = budget;
    this.tls = tls;
    this.keepSentHeaders = keepSentHeaders;
  }

  @Override
  protected void initChannel(Channel channel) {
    ProgressWatch watch = progress.newWatch();
    ChannelPipeline pipeline = channel.pipeline();
    // First, so that it also holds back the reads TLS, the codec and the aggregator ask for on their own.
    pipeline.addLast(ConnectionBudget.NAME, new ConnectionBudget(budget));
    tls.ifPresent(context -> pipeline.addLast("tls", context.newHandler(channel.alloc())));
    pipeline
        .addLast("arrivals", watch.arrivals())
        .addLast("http", new HttpServerCodec())
        .addLast("progress", watch.completions());
    if (keepSentHeaders) {
      pipeline.addLast(SentHeaders.NAME, new SentHeaders());
    }
    pipeline
        // maxAllocation 0: the decompressor then passes on each 64 KiB it inflates at once, and the aggregator
        // below stops a gzip bomb at the limit without all of it ever being in memory. A non-zero maxAllocation
        // caps what one network read may inflate to, failing big valid bodies with a decompression error.
        .addLast("gzip-length", new GzipLengthCheck())
        .addLast("decompress", new HttpContentDecompressor(0))
        .addLast("aggregate", new BodyLimitAggregator(bodyLimit))
        .addLast("ingest", ingestHandler.get());
  }
}
