using System.Collections.Generic;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Generated C# as a tree of lines and braced blocks, printed with indentation by <see cref="CodeWriter"/>.</summary>
internal abstract record Code;

/// <summary>One line (a statement or a comment).</summary>
internal sealed record CodeLine(string Text) : Code;

/// <summary><c>header { body }</c>, optionally followed by a footer line such as <c>while (c);</c> or an else block.</summary>
internal sealed record CodeBlock(string Header, List<Code> Body, string? Footer = null) : Code;

/// <summary>An if with an optional else.</summary>
internal sealed record CodeIf(string Condition, List<Code> Then, List<Code> Else) : Code;
