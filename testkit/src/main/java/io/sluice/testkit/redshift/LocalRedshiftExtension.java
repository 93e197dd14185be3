package io.sluice.testkit.redshift;

import io.sluice.testkit.JvmSingleton;
import io.sluice.testkit.s3.LocalS3Extension;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a local Redshift stand-in, started once per test JVM, with a fresh database
 * before each test.
 *
 * <p>Use {@code @ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})} and declare a
 * {@link LocalRedshift} parameter (and a {@link io.sluice.testkit.s3.LocalS3} one to write the files a COPY loads).
 * COPY reads from the JVM's shared local S3 server, which {@link LocalS3Extension} empties before each test.
 * Tests sharing the server must not run concurrently.
 */
public final class LocalRedshiftExtension implements BeforeEachCallback, ParameterResolver {

  private static final JvmSingleton<LocalRedshiftServer> SERVER =
      new JvmSingleton<>("redshift", () -> LocalRedshiftServer.start(LocalS3Extension.sharedInstance()));

  /**
   * The JVM's Redshift stand-in, for code that runs outside JUnit (the benchmarks); starts it, and the S3 server its
   * COPY reads from, if needed.
   */
  public static LocalRedshift sharedInstance() {
    return SERVER.get().handle();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    SERVER.get().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalRedshift.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return SERVER.get().handle();
  }
}
