package io.sluice.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS SDK v2 call in {@link CallTally}, attributed to the calling thread; the SDK adds it to every
 * client it builds through {@code software/amazon/awssdk/global/handlers/execution.interceptors}.
 */
public final class CallCountingInterceptor implements ExecutionInterceptor {

  /** The call as counted when it started, so a failure is counted against the same caller. */
  private static final ExecutionAttribute<CallTally.Call> CALL = new ExecutionAttribute<>("SluiceBenchCall");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    // Synchronous clients run the interceptors on the thread that called the client.
    CallTally.Call call = new CallTally.Call(Caller.of(Thread.currentThread().getName()),
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    attributes.putAttribute(CALL, call);
    CallTally.called(call);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    CallTally.Call call = attributes.getAttribute(CALL);
    if (call != null) {
      CallTally.failed(call);
    }
  }
}
