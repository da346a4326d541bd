package faultline.lock;

/** The kinds of lock the kernel model knows. Whether acquiring one may sleep decides several rules. */
public enum LockKind {
  MUTEX("mutex", true, false),
  RWSEM("rwsem", true, false),
  /** lock_page()/folio_lock(): a sleeping bit lock on a page. */
  PAGE_LOCK("page lock", true, false),
  SPINLOCK("spinlock", false, true),
  RWLOCK("rwlock", false, true),
  /** seqlock writers (write_seqlock*): a spinlock underneath. */
  SEQLOCK("seqlock", false, true);

  private final String word;
  private final boolean maySleep;
  private final boolean atomic;

  LockKind(String word, boolean maySleep, boolean atomic) {
    this.word = word;
    this.maySleep = maySleep;
    this.atomic = atomic;
  }

  /** How messages name the kind: "mutex", "rwsem", "spinlock". */
  public String word() { return word; }

  /** Acquiring may sleep: holding one across a fault is a deadlock candidate, taking one in atomic context a bug. */
  public boolean maySleep() { return maySleep; }

  /** Holding one makes the context atomic (no sleeping). */
  public boolean atomic() { return atomic; }
}
