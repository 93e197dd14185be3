package io.sluice.testkit.s3;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.model.Bucket;

/** S3Proxy running in this JVM on a loopback port, storing objects in memory, with signature checking on. */
final class LocalS3Server implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalS3Server.class);

  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDSLUICETESTKIT", "sluice-testkit-local-secret");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final long STATE_POLL_MILLIS = 10;

  private final S3Proxy proxy;
  private final BlobStore store;
  private final LocalS3 handle;

  private LocalS3Server(S3Proxy proxy, BlobStore store, LocalS3 handle) {
    this.proxy = proxy;
    this.store = store;
    this.handle = handle;
  }

  static LocalS3Server start() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.region", LocalS3.REGION.id());
    BlobStore store = BlobStores.create("transient-nio2", properties);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey())
        .build();
    try {
      proxy.start();
      awaitStarted(proxy);
    } catch (Exception e) {
      stopQuietly(proxy);
      store.close();
      throw e;
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    LOG.debug("S3Proxy listening on {}", endpoint);
    return new LocalS3Server(proxy, store, new LocalS3(endpoint, CREDENTIALS));
  }

  LocalS3 handle() {
    return handle;
  }

  /** Deletes every bucket with its objects and unfinished multipart uploads, straight in the blob store. */
  void deleteAllBuckets() {
    for (Bucket bucket : store.list().buckets()) {
      store.deleteContainer(bucket.name());
    }
  }

  @Override
  public void close() throws IOException {
    handle.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      // S3Proxy declares a bare Exception; keep the caller's view of interruption intact.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Could not stop S3Proxy", e);
    } finally {
      store.close();
    }
  }

  /** S3Proxy offers no start-up callback, so its state is polled, briefly and with a deadline. */
  private static void awaitStarted(S3Proxy proxy) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("S3Proxy did not reach state STARTED within " + STARTUP_TIMEOUT
            + "; last state " + proxy.getState());
      }
      Thread.sleep(STATE_POLL_MILLIS);
    }
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.debug("Stopping an S3Proxy that failed to start also failed", e);
    }
  }
}
