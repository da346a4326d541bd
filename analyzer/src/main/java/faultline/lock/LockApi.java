package faultline.lock;

import java.util.List;
import java.util.Optional;

/**
 * One lock API of the kernel model ({@code kernel-locks.model}): what a call to {@code name} does to which lock.
 *
 * @param effect     what the call does; {@link Effect#DOWNGRADE} turns a held EXCLUSIVE lock SHARED
 * @param success    for {@link Effect#TRY_ACQUIRE}: the return value meaning "taken"
 * @param argIndex   the argument naming the lock (or the structure holding it, see {@code field})
 * @param field      the lock's field inside the structure the argument points to ("mmap_lock"), "" when the
 *                   argument is the lock itself
 * @param fixedClass the class the API always takes (mmap_read_lock: mm_struct.mmap_lock), if fixed
 * @param nested     a *_nested() form
 * @param enter      contexts the call enters besides taking the lock (spin_lock_irq: IRQ_OFF)
 * @param exit       contexts the call leaves besides dropping the lock
 */
public record LockApi(String name, Effect effect, TrySuccess success, LockKind kind, LockMode mode, int argIndex,
    String field, Optional<LockClass> fixedClass, boolean nested, List<ContextKind> enter, List<ContextKind> exit) {

  public enum Effect { ACQUIRE, RELEASE, TRY_ACQUIRE, DOWNGRADE }

  /** When a TRY_ACQUIRE call has taken the lock: it returned non-zero (mutex_trylock) or zero (killable forms). */
  public enum TrySuccess { NONZERO, ZERO }

  /** The {@link LockOp.Effect} rules see; DOWNGRADE has none (the lock stays held) and maps to empty. */
  public Optional<LockOp.Effect> opEffect() {
    return switch (effect) {
      case ACQUIRE -> Optional.of(LockOp.Effect.ACQUIRE);
      case RELEASE -> Optional.of(LockOp.Effect.RELEASE);
      case TRY_ACQUIRE -> Optional.of(LockOp.Effect.TRY_ACQUIRE);
      case DOWNGRADE -> Optional.empty();
    };
  }
}
