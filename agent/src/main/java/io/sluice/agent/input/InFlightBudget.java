package io.sluice.agent.input;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes all inputs together hold in memory for frames and request bodies not yet in the buffer
 * ({@code inputs.memory_budget}): received bytes, parse copies and inflated gzip entries. Each holder grows its
 * {@link Reservation} before it takes more; while the budget cannot cover it, the holder stops reading (or retries
 * later) and is woken when bytes are given back.
 *
 * <p>One holder at a time may go past the limit (the <em>overdraft</em>): without it, connections that each hold
 * part of a frame could fill the budget and wait for each other for ever. That holder keeps the overdraft until it
 * releases everything, so it always completes; what it may take is bounded by the frame and inflate limits, which
 * {@code docs/ARCHITECTURE.md} ("Memory bounds") adds to the worst case.
 */
public final class InFlightBudget {

  private final long limit;
  private final Object lock = new Object();
  // Guarded by lock.
  private long used;
  private Reservation overdraft;
  private List<Runnable> waiters = new ArrayList<>();
  private long waits;

  /**
   * @param limit the bytes holders may take together before they must wait; positive
   */
  public InFlightBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /** A budget that never makes anyone wait, for parts used without an agent (codec tests, tools). */
  public static InFlightBudget unlimited() {
    return new InFlightBudget(Long.MAX_VALUE);
  }

  /** Registers {@code sluice_input_in_flight_bytes}, {@code sluice_input_memory_budget_bytes} and the waits. */
  public void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder().name("sluice_input_in_flight_bytes")
        .help("Bytes the inputs hold in memory for frames and bodies not yet in the buffer")
        .unit(Unit.BYTES)
        .callback(callback -> callback.call(used()))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_input_memory_budget_bytes")
        .help("inputs.memory_budget: the in-flight bytes above which inputs stop reading")
        .unit(Unit.BYTES)
        .callback(callback -> callback.call(limit))
        .register(registry);
    CounterWithCallback.builder().name("sluice_input_memory_budget_waits_total")
        .help("Times a connection or an inflate had to wait because inputs.memory_budget was used up")
        .callback(callback -> callback.call(waits()))
        .register(registry);
  }

  /** A new, empty reservation. */
  public Reservation reservation() {
    return new Reservation();
  }

  /** The bytes holders may take together before they must wait ({@code inputs.memory_budget}). */
  public long limit() {
    return limit;
  }

  /** The bytes reserved now, over every holder. */
  public long used() {
    synchronized (lock) {
      return used;
    }
  }

  /**
   * Whether {@code bytes} more would fit now, reserving nothing: for starting to read a new message. When not,
   * {@code wakeup} runs once, on the releasing thread, the next time any holder gives bytes back.
   */
  public boolean hasRoom(long bytes, Runnable wakeup) {
    synchronized (lock) {
      if (used + bytes <= limit) {
        return true;
      }
      waiters.add(wakeup);
      return false;
    }
  }

  /** Counts a holder that starts waiting for bytes to be given back (a connection that stops being read). */
  public void countWait() {
    synchronized (lock) {
      waits++;
    }
  }

  /** How many times a connection stopped being read, or a step was refused, for want of room. */
  public long waits() {
    synchronized (lock) {
      return waits;
    }
  }

  private void wake() {
    List<Runnable> woken;
    synchronized (lock) {
      if (waiters.isEmpty()) {
        return;
      }
      woken = waiters;
      waiters = new ArrayList<>();
    }
    // Outside the lock: a waiter typically posts a task to its event loop, and may reserve again.
    woken.forEach(Runnable::run);
  }

  /** One holder's bytes: a connection's partial frame, one frame or body on its way to the buffer. */
  public final class Reservation {

    // Guarded by lock.
    private long held;

    private Reservation() {}

    /** The bytes this reservation holds. */
    public long held() {
      synchronized (lock) {
        return held;
      }
    }

    /**
     * Grows to {@code bytes} if the budget has room or the overdraft is free (or already this one's).
     *
     * @return false, changing nothing, when the budget cannot cover it
     */
    public boolean tryGrowTo(long bytes) {
      return tryGrowTo(bytes, null);
    }

    /**
     * As {@link #tryGrowTo(long)}; when it cannot grow, {@code wakeup} runs once, on the releasing thread, the next
     * time any holder gives bytes back. It must not block.
     */
    public boolean tryGrowTo(long bytes, Runnable wakeup) {
      synchronized (lock) {
        long more = bytes - held;
        if (more <= 0) {
          return true;
        }
        if (used + more > limit && overdraft != this) {
          if (overdraft != null) {
            if (wakeup != null) {
              waiters.add(wakeup);
            } else {
              // A step that retries on its own (parsing); a connection counts its pause itself.
              waits++;
            }
            return false;
          }
          overdraft = this;
        }
        used += more;
        held = bytes;
        return true;
      }
    }

    /** Counts bytes already in memory (a read that arrived), whatever the budget says: it cannot refuse them. */
    public void growTo(long bytes) {
      synchronized (lock) {
        if (bytes > held) {
          used += bytes - held;
          held = bytes;
        }
      }
    }

    /** Gives back what this holds beyond {@code bytes}. */
    public void shrinkTo(long bytes) {
      boolean freed;
      synchronized (lock) {
        long target = Math.max(0, bytes);
        freed = target < held;
        if (freed) {
          used -= held - target;
          held = target;
        }
        if (held == 0 && overdraft == this) {
          overdraft = null;
          freed = true;
        }
      }
      if (freed) {
        wake();
      }
    }

    /** Gives back everything; the reservation may be grown again afterwards. */
    public void release() {
      shrinkTo(0);
    }

    /**
     * Moves {@code bytes} of this reservation (at most what it holds) to a new one, with the overdraft if this
     * holds it: the part split off is the frame or body that must complete, the rest is what is read after it.
     */
    public Reservation split(long bytes) {
      Reservation part = new Reservation();
      synchronized (lock) {
        long moved = Math.min(Math.max(0, bytes), held);
        held -= moved;
        part.held = moved;
        if (overdraft == this) {
          overdraft = part;
        }
      }
      return part;
    }
  }
}
