package io.sluice.testkit.s3;

import io.sluice.testkit.JvmSingleton;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a real S3-compatible server (S3Proxy, in memory, SigV4 checked), started once
 * per test JVM, and deletes every bucket before each test.
 *
 * <p>Use {@code @ExtendWith(LocalS3Extension.class)} and declare a {@link LocalS3} parameter on a test, lifecycle
 * method or constructor. Tests sharing the server must not run concurrently.
 */
public final class LocalS3Extension implements BeforeEachCallback, ParameterResolver {

  private static final JvmSingleton<LocalS3Server> SERVER = new JvmSingleton<>("s3", LocalS3Server::start);

  /**
   * The JVM's S3 server, for other testkit extensions that read from it (the Redshift COPY emulation); starts it if
   * needed.
   */
  public static LocalS3 sharedInstance() {
    return SERVER.get().handle();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    SERVER.get().deleteAllBuckets();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalS3.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return SERVER.get().handle();
  }
}
