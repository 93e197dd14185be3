package io.sluice.agent.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.agent.connection.PeerFailure;
import io.sluice.agent.connection.PeerProblemLog;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts Netty HTTP requests to an {@link AdminRouter} and writes its answer back. */
@Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminRouter router;
  private final PeerProblemLog problems;

  AdminHttpHandler(AdminRouter router, PeerProblemLog problems) {
    this.router = router;
    this.problems = problems;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    AdminResponse answer = request.decoderResult().isSuccess()
        ? route(request)
        : new AdminResponse(400, AdminResponse.TEXT, "bad request\n");
    FullHttpResponse response = toHttp(answer);
    boolean keepAlive = request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private AdminResponse route(FullHttpRequest request) {
    try {
      return router.route(request.method().name(), request.uri());
    } catch (RuntimeException e) {
      // A failing endpoint (say, a metrics collector that throws) answers 500 rather than dropping the connection.
      LOG.warn("Admin request {} {} failed", request.method(), request.uri(), e);
      return new AdminResponse(500, AdminResponse.TEXT, "internal error\n");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset is the peer's business: summarized, without a stack trace (a flood of them wrote one each).
    if (!PeerFailure.report(cause, ctx.channel().remoteAddress(), problems)) {
      LOG.warn("Admin connection from {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // Requests are answered on this thread before the next is read: an idle connection has nothing in flight.
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  private static FullHttpResponse toHttp(AdminResponse answer) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()),
        Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (answer.status() == HttpResponseStatus.METHOD_NOT_ALLOWED.code()) {
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }
}
