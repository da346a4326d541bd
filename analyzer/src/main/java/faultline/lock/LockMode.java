package faultline.lock;

/** How a lock is held: rwsems and rwlocks distinguish readers from writers; everything else is EXCLUSIVE. */
public enum LockMode {
  EXCLUSIVE("write"), SHARED("read");

  private final String word;

  LockMode(String word) { this.word = word; }

  public String word() { return word; }
}
