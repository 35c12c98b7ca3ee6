/// The composition root. (Placeholder until wiring lands.)
public enum Application {}
