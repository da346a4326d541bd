package faultline.lock;

/**
 * A lock identified as lockdep identifies it: by where it lives, not by the variable that names it.
 * {@code id} is "struct-tag.field" for a lock inside a struct ("hmm.mirrors_sem"), the variable's name for
 * a global ("A_mutex"), or normalised expression text when the type could not be found.
 */
public record LockClass(String id, Resolution resolution) implements Comparable<LockClass> {

  public enum Resolution {
    /** From the declared type of the struct holding the lock. */
    TYPE,
    /** A global (or file-static) lock variable. */
    GLOBAL,
    /** A well-known kernel lock recognised by its field or wrapper (mmap_lock, i_mmap_rwsem, i_rwsem). */
    MODEL,
    /** Normalised expression text: the type was not visible. */
    TEXT
  }

  public static final LockClass MMAP_LOCK = new LockClass("mm_struct.mmap_lock", Resolution.MODEL);

  public boolean isMmapLock() {
    return id.equals(MMAP_LOCK.id());
  }

  /**
   * One class per id, however it was resolved: "audit_filter_mutex" seen as a global in one file and by its
   * text in another (its declaration not visible there) is one lock, and so is mm_struct.mmap_lock found by its
   * type or by the model. Equality, hash and order all use the id alone; when they did not agree (order by id,
   * equality by id and resolution), sorted sets kept whichever of two same-id classes came first, and hash
   * order made the lock-order graph, and so the reported cycles, change from run to run.
   */
  @Override public boolean equals(Object o) {
    return o instanceof LockClass c && c.id.equals(id);
  }

  @Override public int hashCode() {
    return id.hashCode();
  }

  @Override public int compareTo(LockClass o) {
    return id.compareTo(o.id);
  }

  @Override public String toString() {
    return id;
  }
}
