package io.sluice.testkit.kms;

import io.sluice.testkit.JvmSingleton;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a local KMS stand-in, started once per test JVM, and deletes every key and
 * alias before each test.
 *
 * <p>Use {@code @ExtendWith(LocalKmsExtension.class)} and declare a {@link LocalKms} parameter on a test, lifecycle
 * method or constructor. Tests sharing the server must not run concurrently.
 */
public final class LocalKmsExtension implements BeforeEachCallback, ParameterResolver {

  private static final JvmSingleton<LocalKmsServer> SERVER = new JvmSingleton<>("kms", LocalKmsServer::start);

  @Override
  public void beforeEach(ExtensionContext context) {
    SERVER.get().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalKms.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return SERVER.get().handle();
  }
}
