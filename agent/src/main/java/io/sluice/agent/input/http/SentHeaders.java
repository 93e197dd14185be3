package io.sluice.agent.input.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * Keeps the headers of the request being received as the client sent them, for {@code add_http_headers}: the
 * decompressor and the aggregator after it rewrite {@code Content-Encoding}, {@code Content-Length} and
 * {@code Transfer-Encoding}, which Fluentd's in_http stores as sent. The pipeline hands a request's parts on
 * synchronously, so the ingest handler always gets a request before the next request's head gets here.
 */
final class SentHeaders extends ChannelInboundHandlerAdapter {

  /** The handler's name in the pipeline. */
  static final String NAME = "sent-headers";

  private List<Map.Entry<String, String>> last = List.of();

  /** The headers of the last request that arrived on the connection, in the order sent; empty when none. */
  static List<Map.Entry<String, String>> lastOf(ChannelPipeline pipeline) {
    SentHeaders handler = (SentHeaders) pipeline.get(NAME);
    return handler == null ? List.of() : handler.last;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      // Immutable copies: the decompressor changes the request's own header entries afterwards.
      last = request.headers().entries().stream().map(header -> Map.entry(header.getKey(), header.getValue()))
          .toList();
    }
    ctx.fireChannelRead(msg);
  }
}
