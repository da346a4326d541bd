package faultline.lock;

import java.util.List;
import java.util.Optional;

/**
 * A {@code guard()}/{@code scoped_guard()} class of the kernel model: the lock its first argument names (empty
 * for lock-less guards such as {@code rcu} or {@code irqsave}) and the contexts its scope runs in.
 */
public record GuardApi(String type, Optional<LockKind> kind, LockMode mode, List<ContextKind> enter) {}
