package io.sluice.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** The AWS SDK calls this JVM made, by caller, service and operation, as {@link CallCountingInterceptor} saw them. */
final class CallTally {

  /** One kind of call. */
  record Call(Caller caller, String service, String operation) implements Comparable<Call> {
    @Override
    public int compareTo(Call other) {
      int byCaller = caller.compareTo(other.caller);
      if (byCaller != 0) {
        return byCaller;
      }
      int byService = service.compareTo(other.service);
      return byService != 0 ? byService : operation.compareTo(other.operation);
    }
  }

  /**
   * How often one kind of call was made, and how long the calls took.
   *
   * @param calls calls made, each counted once however many HTTP attempts it took
   * @param failed calls that ended in an exception (such as a failed condition)
   * @param nanos the calls' time from start to response or failure, summed
   */
  record Count(long calls, long failed, long nanos) {

    static final Count NONE = new Count(0, 0, 0);

    Count plus(Count other) {
      return new Count(calls + other.calls, failed + other.failed, nanos + other.nanos);
    }
  }

  private record Adders(LongAdder calls, LongAdder failed, LongAdder nanos) {}

  /*
   * Static because the SDK builds a new interceptor for every client it creates, from its classpath file, and offers
   * no way to hand them a shared object: a JVM-wide map is the one place every instance reaches.
   */
  private static final ConcurrentMap<Call, Adders> CALLS = new ConcurrentHashMap<>();

  private CallTally() {}

  static void succeeded(Call call, long nanos) {
    Adders adders = adders(call);
    adders.calls().increment();
    adders.nanos().add(nanos);
  }

  static void failed(Call call, long nanos) {
    Adders adders = adders(call);
    adders.calls().increment();
    adders.failed().increment();
    adders.nanos().add(nanos);
  }

  /** The counts so far, ordered by caller, service and operation. */
  static Map<Call, Count> snapshot() {
    Map<Call, Count> counts = new TreeMap<>();
    CALLS.forEach((call, adders) -> counts.put(call,
        new Count(adders.calls().sum(), adders.failed().sum(), adders.nanos().sum())));
    return counts;
  }

  private static Adders adders(Call call) {
    return CALLS.computeIfAbsent(call, key -> new Adders(new LongAdder(), new LongAdder(), new LongAdder()));
  }
}
