package io.sluice.agent.input.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates request bodies up to the limit, checking {@code Content-Length} up front and the (decompressed)
 * bytes as they arrive. Over the limit, it passes an {@link OversizedRequest} on instead of writing Netty's bare
 * 413 itself, so the answer keeps its place among pipelined responses and carries the input's JSON and headers.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int bodyLimit) {
    super(bodyLimit);
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    // An over-limit Expect: 100-continue goes the same way as any over-limit request, through the handler.
    if (isContentLengthInvalid(start, maxContentLength)) {
      return null;
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    // A copy: the aggregator releases the oversized message, and its partial body, when this returns.
    HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
        request.headers().copy());
    ctx.fireChannelRead(new OversizedRequest(head, HttpUtil.isKeepAlive(request)));
  }
}
