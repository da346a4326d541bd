package faultline.rule;

/** STABLE rules run by default; EXPERIMENTAL ones only with {@code --enable <id>} or {@code --rules}. */
public enum Maturity { STABLE, EXPERIMENTAL }
