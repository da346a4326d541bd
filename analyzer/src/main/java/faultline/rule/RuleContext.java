package faultline.rule;

/** What a rule is handed: every fact of the analysed program, and a way to report. */
public interface RuleContext extends ProgramFacts {

  /** Report a finding of the calling rule. Duplicates at the same location keep the shortest trace. */
  void report(Finding.Builder finding);
}
