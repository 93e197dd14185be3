package io.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version {@code sluice --version} prints, from the build-filtered {@code sluice-version.properties}. */
public final class SluiceVersion implements IVersionProvider {

  private static final String RESOURCE = "/sluice-version.properties";

  /** The Sluice version, such as {@code 0.1.0}. */
  public static String current() {
    Properties properties = new Properties();
    try (InputStream in = SluiceVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + "; the build puts it in the jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return properties.getProperty("version");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
        "sluice " + current(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
  }
}
