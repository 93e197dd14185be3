package io.sluice.testkit.sns;

import io.sluice.testkit.aws.LocalAwsService;
import io.sluice.testkit.http.LoopbackHttpServer;
import java.io.IOException;

/** The SNS stand-in on a loopback port. */
final class LocalSnsServer implements AutoCloseable {

  private final LoopbackHttpServer server;
  private final SnsTopics topics;
  private final LocalSns handle;

  private LocalSnsServer(LoopbackHttpServer server, SnsTopics topics) {
    this.server = server;
    this.topics = topics;
    this.handle = new LocalSns(server.endpoint(), topics);
  }

  static LocalSnsServer start() throws IOException {
    SnsTopics topics = new SnsTopics(LocalAwsService.REGION.id(), LocalAwsService.ACCOUNT_ID);
    return new LocalSnsServer(LoopbackHttpServer.start("local-sns", new SnsHttpHandler(topics)), topics);
  }

  LocalSns handle() {
    return handle;
  }

  /** Forgets every topic and message. */
  void reset() {
    topics.clear();
  }

  @Override
  public void close() throws InterruptedException {
    handle.close();
    server.close();
  }
}
