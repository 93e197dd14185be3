package io.sluice.testkit.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.aws.LocalAwsService;
import io.sluice.testkit.http.LoopbackHttpServer;
import java.io.IOException;
import java.security.SecureRandom;

/** The KMS stand-in on a loopback port. */
final class LocalKmsServer implements AutoCloseable {

  private final LoopbackHttpServer server;
  private final KmsKeys keys;
  private final LocalKms handle;

  private LocalKmsServer(LoopbackHttpServer server, KmsKeys keys) {
    this.server = server;
    this.keys = keys;
    this.handle = new LocalKms(server.endpoint(), keys);
  }

  static LocalKmsServer start() throws IOException {
    SecureRandom random = new SecureRandom();
    KmsKeys keys = new KmsKeys(LocalAwsService.REGION.id(), LocalAwsService.ACCOUNT_ID, random);
    ObjectMapper json = new ObjectMapper();
    KmsOperations operations = new KmsOperations(keys, json, random, LocalAwsService.ACCOUNT_ID);
    return new LocalKmsServer(LoopbackHttpServer.start("local-kms", new KmsHttpHandler(operations, json)), keys);
  }

  LocalKms handle() {
    return handle;
  }

  /** Forgets every key and alias. */
  void reset() {
    keys.clear();
  }

  @Override
  public void close() throws InterruptedException {
    handle.close();
    server.close();
  }
}
