package io.sluice.config.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code inputs.http}: Fluentd 1.14 in_http's defaults, and TLS read and checked as the forward input's. */
class HttpInputConfigTest {

  private static final String OUTPUTS = """
      outputs:
        - name: main
          bucket: my-logs
      """;

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private HttpInputConfig http(String yaml) throws ConfigException {
    return loader.parse("test.yaml", yaml + OUTPUTS, Path.of(".")).inputs().http();
  }

  @Test
  void defaultsAreFluentdsInHttpDefaults() throws ConfigException {
    HttpInputConfig http = http("");

    // in_http.rb line 31 (InHttpParser: config_set_default :time_key, 'time'); lines 71, 73, 86.
    assertThat(http.timeKey()).isEqualTo("time");
    assertThat(http.keepTimeKey()).isFalse();
    assertThat(http.addHttpHeaders()).isFalse();
    assertThat(http.addRemoteAddr()).isFalse();
    assertThat(http.addQueryParams()).isFalse();
    assertThat(http.use204Response()).isFalse();
    assertThat(http.tls().enabled()).isFalse();
  }

  @Test
  void use204ResponseIsReadUnderFluentdsName() throws ConfigException {
    assertThat(http("inputs:\n  http:\n    use_204_response: true\n").use204Response()).isTrue();
  }

  @Test
  void anEmptyTimeKeyIsKeptAsNoTimeKey() throws ConfigException {
    assertThat(http("inputs:\n  http:\n    time_key: \"\"\n").timeKey()).isEmpty();
  }

  @Test
  void theFieldOptionsAreReadAsWritten() throws ConfigException {
    HttpInputConfig http = http("""
        inputs:
          http:
            keep_time_key: true
            add_http_headers: true
            add_remote_addr: true
            add_query_params: true
        """);

    assertThat(http.keepTimeKey()).isTrue();
    assertThat(http.addHttpHeaders()).isTrue();
    assertThat(http.addRemoteAddr()).isTrue();
    assertThat(http.addQueryParams()).isTrue();
  }

  @Test
  void enabledTlsNeedsReadableFilesAsOnTheForwardInput() {
    ConfigException problem = catchThrowableOfType(ConfigException.class, () -> http("""
        inputs:
          http:
            tls:
              enabled: true
              cert_file: /nonexistent/server.crt
              client_auth: require
        """));

    assertThat(problem.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "inputs.http.tls.cert_file", "inputs.http.tls.key_file", "inputs.http.tls.ca_file");
  }

  @Test
  void tlsIsTheForwardInputsRecord() throws ConfigException {
    SluiceConfig config = loader.parse("test.yaml", """
        inputs:
          http:
            tls: {enabled: false, client_auth: optional}
        """ + OUTPUTS, Path.of("."));

    assertThat(config.inputs().http().tls()).isInstanceOf(TlsConfig.class);
    assertThat(config.inputs().http().tls().clientAuth()).isEqualTo(TlsConfig.ClientAuth.OPTIONAL);
  }
}
