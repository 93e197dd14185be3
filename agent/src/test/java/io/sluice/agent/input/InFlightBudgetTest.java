package io.sluice.agent.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

  private final InFlightBudget budget = new InFlightBudget(100);

  @Test
  void reservationsGrowWithinTheLimitAndGiveBytesBack() {
    InFlightBudget.Reservation first = budget.reservation();
    InFlightBudget.Reservation second = budget.reservation();

    assertThat(first.tryGrowTo(60)).isTrue();
    assertThat(second.tryGrowTo(40)).isTrue();
    assertThat(budget.used()).isEqualTo(100);

    first.shrinkTo(10);
    second.release();
    assertThat(budget.used()).isEqualTo(10);
    assertThat(first.held()).isEqualTo(10);
  }

  @Test
  void oneHolderAtATimeMayGoPastTheLimitSoThatItCanComplete() {
    InFlightBudget.Reservation first = budget.reservation();
    InFlightBudget.Reservation second = budget.reservation();
    first.tryGrowTo(80);

    assertThat(second.tryGrowTo(50)).isTrue();
    assertThat(first.tryGrowTo(90)).isFalse();
    assertThat(second.tryGrowTo(120)).isTrue();
    assertThat(budget.used()).isEqualTo(200);
    assertThat(budget.waits()).isEqualTo(1);

    second.release();
    assertThat(first.tryGrowTo(90)).isTrue();
    first.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void theOverdraftIsFreedWhenItsHolderHasReleasedEverything() {
    InFlightBudget.Reservation holder = budget.reservation();
    InFlightBudget.Reservation other = budget.reservation();
    holder.tryGrowTo(150);
    other.growTo(10);
    assertThat(other.tryGrowTo(20)).isFalse();

    holder.release();

    assertThat(other.tryGrowTo(100)).isTrue();
  }

  @Test
  void aSplitTakesTheOverdraftWithIt() {
    InFlightBudget.Reservation connection = budget.reservation();
    connection.tryGrowTo(150);

    InFlightBudget.Reservation frame = connection.split(120);
    assertThat(frame.held()).isEqualTo(120);
    assertThat(connection.held()).isEqualTo(30);
    assertThat(budget.used()).isEqualTo(150);

    assertThat(connection.tryGrowTo(200)).isFalse();
    assertThat(frame.tryGrowTo(200)).isTrue();
  }

  @Test
  void bytesAlreadyReceivedAreCountedWhateverTheLimit() {
    InFlightBudget.Reservation reservation = budget.reservation();

    reservation.growTo(500);

    assertThat(budget.used()).isEqualTo(500);
    assertThat(budget.hasRoom(1, () -> { })).isFalse();
  }

  @Test
  void whoeverCouldNotGrowIsWokenOnceWhenBytesAreGivenBack() {
    InFlightBudget.Reservation holder = budget.reservation();
    holder.tryGrowTo(150);
    AtomicInteger woken = new AtomicInteger();
    assertThat(budget.reservation().tryGrowTo(10, woken::incrementAndGet)).isFalse();
    assertThat(budget.hasRoom(10, woken::incrementAndGet)).isFalse();

    holder.shrinkTo(100);
    holder.release();

    assertThat(woken).hasValue(2);
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> new InFlightBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
