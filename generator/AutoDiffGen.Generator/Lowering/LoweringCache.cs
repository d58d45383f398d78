using System.Collections.Concurrent;
using System.Threading;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering results of one generator instance, reused while nothing they depend on has changed: the method's own text
/// and place in its file, and the <see cref="DeclarationFingerprint"/> of the compilation. Roslyn runs the lowering of
/// every <c>[Differentiable]</c> method again whenever the compilation changes (every keystroke in an IDE); binding a
/// method body is most of that work, and an edit elsewhere in a body cannot change it. Only successful lowerings are
/// kept (a failure's diagnostics may point into other declarations), and nothing semantic is held: keys and models
/// are plain values.
/// </summary>
internal sealed class LoweringCache
{
    /// <summary>What a cached lowering was computed from.</summary>
    private sealed record Key(string Fingerprint, string FilePath, int SpanStart, int Line, string Text);

    private const int Capacity = 20000;

    private readonly ConcurrentDictionary<string, (Key Key, LoweringResult Result)> _byMethod = new();
    private int _hits;

    /// <summary>How many lowerings were answered from the cache (for tests and the generator-speed benchmark).</summary>
    public int Hits => _hits;

    public LoweringResult GetOrLower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken, System.Func<LoweringResult> lower)
    {
        Key? key = KeyOf(context);
        string? method = key is null ? null : MethodKeys.Of((IMethodSymbol)context.TargetSymbol);
        if (key is not null && method is not null && _byMethod.TryGetValue(method, out var cached) && cached.Key.Equals(key))
        {
            Interlocked.Increment(ref _hits);
            return cached.Result;
        }
        LoweringResult result = lower();
        if (key is not null && method is not null && result.Model is not null && result.Diagnostics.Count == 0)
        {
            if (_byMethod.Count >= Capacity) _byMethod.Clear();
            _byMethod[method] = (key, result);
        }
        return result;
    }

    private static Key? KeyOf(GeneratorAttributeSyntaxContext context)
    {
        // Partial methods bind a body declared elsewhere; they are simply lowered each time.
        if (context.TargetSymbol is not IMethodSymbol { PartialImplementationPart: null, PartialDefinitionPart: null }) return null;
        SyntaxNode node = context.TargetNode;
        try
        {
            return new Key(DeclarationFingerprint.Of(context.SemanticModel.Compilation), node.SyntaxTree.FilePath, node.SpanStart,
                node.GetLocation().GetLineSpan().StartLinePosition.Line, node.ToString());
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            return null; // no cache then, never a failed build
        }
    }
}
