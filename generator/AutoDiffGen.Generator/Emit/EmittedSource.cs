using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Emit;

/// <summary>What the generator adds for one method: a source file (null when none) and the diagnostics to report.</summary>
internal sealed record EmittedSource(string? HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
