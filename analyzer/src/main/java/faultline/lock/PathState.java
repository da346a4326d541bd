package faultline.lock;

import java.util.List;
import java.util.Optional;

/**
 * The lock facts of one feasible path (or a bounded merge of paths) at a program point, before the node runs.
 * {@code held}: locks definitely held on this path. {@code released}: locks this function definitely released
 * on this path and has not re-taken. {@code uncertain}: locks whose state was lost by a merge; rules never
 * report on these. {@code contexts}: active atomic/fault contexts, innermost last. {@code callersHeld}: the
 * locks of {@code held} that are the caller's rather than this function's: annotated {@code __must_hold}, or
 * dropped without having been taken and taken back ("unlock; wait; lock").
 */
public record PathState(List<HeldLock> held, List<LockRef> released, List<LockRef> uncertain,
    List<ContextEntry> contexts, List<LockRef> callersHeld) {

  public PathState(List<HeldLock> held, List<LockRef> released, List<LockRef> uncertain, List<ContextEntry> contexts) {
    this(held, released, uncertain, contexts, List.of());
  }

  public boolean faultsDisabled() {
    return contexts.stream().anyMatch(c -> c.kind() == ContextKind.PAGEFAULT_OFF);
  }

  /** Why sleeping is forbidden here: the innermost spinlock-like lock or atomic context, if any. */
  public Optional<String> atomicReason() {
    for (int i = held.size() - 1; i >= 0; i--) {
      HeldLock h = held.get(i);
      if (h.kind().atomic()) return Optional.of(h.kind().word() + " '" + h.lock().expr() + "' held");
    }
    for (int i = contexts.size() - 1; i >= 0; i--) {
      ContextEntry c = contexts.get(i);
      if (c.kind() != ContextKind.PAGEFAULT_OFF) return Optional.of(c.kind().words());
    }
    return Optional.empty();
  }

  public Optional<HeldLock> holding(LockClass cls) {
    return held.stream().filter(h -> h.lock().cls().equals(cls)).findFirst();
  }
}
