package faultline.rule;

/** What a witness step is; fixtures name these in lower case ({@code step: acquire}). */
public enum StepKind {
  ACQUIRE, RELEASE, CALL, CALLBACK, FAULT, SLEEP, ATOMIC, RETURN, BRANCH, NOTE;

  public String word() { return name().toLowerCase(java.util.Locale.ROOT); }
}
