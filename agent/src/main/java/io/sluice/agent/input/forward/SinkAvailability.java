package io.sluice.agent.input.forward;

import io.sluice.agent.input.RecordSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells every open forward connection when the buffer stops or starts accepting, so each stops reading (TCP
 * backpressure reaches the sender) and resumes; connections are never closed for a full buffer.
 */
final class SinkAvailability implements RecordSink.AvailabilityListener {

  /** One connection's reaction; called on an arbitrary thread, must not block. */
  interface Subscriber {
    void availabilityChanged(boolean accepting);
  }

  private final RecordSink sink;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

  SinkAvailability(RecordSink sink) {
    this.sink = sink;
  }

  /** Registers this with the sink; once, when the input starts. */
  void listen() {
    sink.addAvailabilityListener(this);
  }

  boolean accepting() {
    return sink.isAccepting();
  }

  void subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
  }

  void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /** How many connections are subscribed: the open ones. */
  int connections() {
    return subscribers.size();
  }

  @Override
  public void availabilityChanged(boolean accepting) {
    subscribers.forEach(subscriber -> subscriber.availabilityChanged(accepting));
  }
}
