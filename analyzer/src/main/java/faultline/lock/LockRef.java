package faultline.lock;

/**
 * A lock as written at one place: its class and the C expression that names it there, with a leading '&amp;' dropped
 * ("dev->lock" for {@code mutex_lock(&dev->lock)}), as messages quote it. In {@link FunctionSummary} entries the
 * expression is rewritten in terms of the function's parameters when rooted in one ("$0->lock").
 */
public record LockRef(LockClass cls, String expr) {}
