package io.sluice.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every AWS SDK v2 call in {@link CallTally}, attributed to the calling thread; the SDK adds it to
 * every client it builds through {@code software/amazon/awssdk/global/handlers/execution.interceptors}.
 */
public final class CallCountingInterceptor implements ExecutionInterceptor {

  /** The call as seen when it started, so its end is counted against the same caller. */
  private static final ExecutionAttribute<CallTally.Call> CALL = new ExecutionAttribute<>("SluiceBenchCall");
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("SluiceBenchCallStarted");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    // Synchronous clients run the interceptors on the thread that called the client.
    attributes.putAttribute(CALL, new CallTally.Call(Caller.of(Thread.currentThread().getName()),
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    CallTally.succeeded(attributes.getAttribute(CALL), System.nanoTime() - attributes.getAttribute(STARTED));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    CallTally.Call call = attributes.getAttribute(CALL);
    // A call can fail before beforeExecution ran (a request the SDK refuses to build): nothing to count then.
    if (call != null) {
      CallTally.failed(call, System.nanoTime() - attributes.getAttribute(STARTED));
    }
  }
}
