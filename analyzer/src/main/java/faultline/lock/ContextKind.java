package faultline.lock;

/** Execution-context changes that are not locks but constrain what may run: atomic sections and fault handling. */
public enum ContextKind {
  IRQ_OFF("interrupts disabled"),
  BH_OFF("bottom halves disabled"),
  PREEMPT_OFF("preemption disabled"),
  RCU_READ("RCU read-side critical section"),
  /** pagefault_disable(), kmap_atomic(): user accesses fail instead of faulting. Not atomic by itself for sleeping purposes. */
  PAGEFAULT_OFF("page faults disabled");

  private final String words;

  ContextKind(String words) { this.words = words; }

  public String words() { return words; }
}
