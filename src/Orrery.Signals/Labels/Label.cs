namespace Orrery.Signals.Labels;

/// <summary>One label of a <see cref="LabelSet"/>.</summary>
public readonly record struct Label(string Name, string Value);
