package io.sluice.agent.input.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.sluice.agent.input.ConnectionBudget;
import java.util.List;

/**
 * Aggregates request bodies up to the limit, checking {@code Content-Length} up front and the (decompressed)
 * bytes as they arrive. Over the limit, it passes an {@link OversizedRequest} on instead of writing Netty's bare
 * 413 itself, so the answer keeps its place among pipelined responses and carries the input's JSON and headers.
 *
 * <p>The body held counts against the connection's {@link ConnectionBudget}, with room for one more read; the body
 * is read on only while the budget covers that.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  private ConnectionBudget budget;
  private long announced = -1;
  private long received;

  BodyLimitAggregator(int bodyLimit) {
    super(bodyLimit);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    budget = ConnectionBudget.of(ctx.pipeline());
    super.handlerAdded(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
    boolean dropping = isHandlingOversizedMessage();
    if (msg instanceof HttpRequest request) {
      dropping = false;
      received = 0;
      // Exact for the body as aggregated: the decompressor before this removes it from compressed requests.
      announced = HttpUtil.getContentLength(request, -1L);
    }
    if (!dropping && msg instanceof HttpContent content) {
      received += content.content().readableBytes();
    }
    int before = out.size();
    super.decode(ctx, msg, out);
    if (dropping || isHandlingOversizedMessage()) {
      budget.drop();
    } else if (out.size() == before) {
      // Still aggregating: read on only while the budget covers one more read of the body.
      budget.receiving(received, announced);
    } else {
      // Complete: the ingest handler takes the body's share with it.
      budget.hold(received, received);
    }
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
