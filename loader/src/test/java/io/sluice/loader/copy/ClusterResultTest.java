package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.loader.copy.LoadError.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResultTest {

  private static final LoadError ERROR = new LoadError(Kind.PERMANENT, "42703", "column \"x\" does not exist", null);

  @Test
  void loadStatusIsKeyedByEndpointInOrderWithStatusAndError() {
    String json = ClusterResult.loadStatusJson(List.of(
        ClusterResult.success("a.example.com"),
        ClusterResult.failure("b.example.com", ERROR)));

    assertThat(json).isEqualTo("{\"a.example.com\":{\"status\":0,\"error\":null},"
        + "\"b.example.com\":{\"status\":-1,\"error\":{\"name\":\"error\",\"severity\":\"ERROR\",\"code\":\"42703\","
        + "\"message\":\"column \\\"x\\\" does not exist\",\"detail\":null}}}");
  }

  @Test
  void failureWithoutAnSqlErrorHasANullError() {
    assertThat(ClusterResult.loadStatusJson(List.of(ClusterResult.failure("a.example.com", null))))
        .isEqualTo("{\"a.example.com\":{\"status\":-1,\"error\":null}}");
  }

  @Test
  void failureIsNotHiddenByASuccessOfTheSameEndpoint() {
    String json = ClusterResult.loadStatusJson(List.of(
        ClusterResult.failure("a.example.com", ERROR), ClusterResult.success("a.example.com")));

    assertThat(json).startsWith("{\"a.example.com\":{\"status\":-1,");
  }

  @Test
  void committedLoadCannotCarryAnError() {
    assertThatThrownBy(() -> new ClusterResult("a.example.com", true, ERROR))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
