using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>One stack of saturating activations found by <see cref="SaturationFlowAnalysis"/>.</summary>
internal sealed class SaturationFinding
{
    public SaturationFinding(SaturatingCall first, int depth, ILoopOperation? loop, int? tripCount, ISymbol? carried, ImmutableArray<Location> members)
    {
        First = first;
        Depth = depth;
        Loop = loop;
        TripCount = tripCount;
        Carried = carried;
        Members = members;
    }

    /// <summary>The first saturating call of the stack (where the diagnostic goes).</summary>
    public SaturatingCall First { get; }

    /// <summary>Chains: applications that feed each other. Loops: applications per iteration.</summary>
    public int Depth { get; }

    /// <summary>Loop-carried stacks: the loop.</summary>
    public ILoopOperation? Loop { get; }

    /// <summary>Loop-carried stacks: the constant trip count, or null when unknown at compile time.</summary>
    public int? TripCount { get; }

    /// <summary>Loop-carried stacks: the variable carried from one iteration to the next.</summary>
    public ISymbol? Carried { get; }

    /// <summary>Every direct activation call of the stack (the whole stack is what a fix rewrites).</summary>
    public ImmutableArray<Location> Members { get; }
}

/// <summary>
/// An abstract interpretation of a method body that measures, for every value, the fewest saturating activations
/// on any data-flow path from each source (a parameter, field or variable read before it is written) to it.
/// Gradients vanish when every path from an input crosses many saturating derivatives; a residual
/// <c>h + f(h)</c> keeps a path with no activation, so taking the minimum over paths models skip connections
/// without special cases, and a normalization restarts the count (it brings pre-activations back to the range
/// where the derivative is largest). A choice made at run time (a switch on a setting, a delegate) is not a
/// path sum but one of its options, so there the largest count is kept. Calls to methods of the compilation go
/// through their <see cref="MethodSummary"/>. Loops run once to find the values they write; a value whose
/// distance from its own value at loop entry keeps growing from one iteration to the next is a loop-carried stack.
/// </summary>
internal sealed class SaturationFlowAnalysis
{
    private const int Unreachable = int.MaxValue;
    private static readonly SmallMap<Entry> Empty = SmallMap<Entry>.Empty;

    private readonly SaturationContext _context;
    private readonly KnownSymbols _symbols;
    private readonly int _threshold;
    private readonly IOperation _root;
    private readonly bool _summaryMode;
    private readonly List<SaturationFinding> _loopFindings = new();
    private readonly Dictionary<IOperation, (SaturatingCall Call, int Depth)> _chains = new();
    private readonly Dictionary<IOperation, HashSet<Location>> _membersByFirst = new();
    private readonly HashSet<IOperation> _reportedFirstCalls = new();
    private readonly HashSet<ILoopOperation> _reportedLoops = new();
    private readonly HashSet<Location> _allMembers = new();
    private Dictionary<ISymbol, SmallMap<Entry>> _state = NewState();
    private HashSet<ISymbol> _written = new(SymbolEqualityComparer.Default);
    private SmallMap<Entry> _returned = Empty;
    private string? _firstActivationName;
    private bool _reporting = true;
    private Dictionary<LoopEntryMarker, HashSet<Location>>? _markers;
    private readonly Dictionary<ILoopOperation, bool> _loopMaySaturate = new();
    private int _budget = 100_000;
    private readonly Stack<(ILoopOperation Loop, HashSet<ISymbol> Counters, HashSet<ISymbol> FullWrites)> _loops = new();

    private SaturationFlowAnalysis(SaturationContext context, int threshold, IOperation root, bool summaryMode)
    {
        _context = context;
        _symbols = context.Symbols;
        _threshold = threshold;
        _root = root;
        _summaryMode = summaryMode;
        _reporting = !summaryMode;
    }

    /// <summary>Analyzes one method body (or local function / lambda body) and returns the stacks it contains.</summary>
    public static IReadOnlyList<SaturationFinding> Analyze(IOperation body, SaturationContext context, int threshold)
    {
        var analysis = new SaturationFlowAnalysis(context, threshold, body, summaryMode: false);
        analysis.Statement(body);
        return analysis.Findings();
    }

    /// <summary>
    /// The summary of a method (or lambda) body: for each parameter, the fewest saturating activations between it and
    /// any output (the returned value, a written span or ref/out parameter), and whether a normalization restarts the count.
    /// </summary>
    public static MethodSummary Summarize(ImmutableArray<IParameterSymbol> parameters, IOperation body, SaturationContext context)
    {
        var analysis = new SaturationFlowAnalysis(context, SaturatingActivationAnalyzer.DefaultDepth, body, summaryMode: true);
        if (body is IBlockOperation or IMethodBodyOperation)
        {
            analysis.Statement(body);
        }
        else
        {
            analysis._returned = analysis.Eval(body);
        }

        var outputs = analysis._returned;
        foreach (var parameter in parameters)
        {
            if (parameter.RefKind is RefKind.Out or RefKind.Ref || context.Symbols.IsWritableSpan(parameter.Type))
            {
                outputs = Combine(outputs, analysis.Read(parameter));
            }
        }

        var paths = ImmutableArray.CreateBuilder<PathSummary?>(parameters.Length);
        foreach (var parameter in parameters)
        {
            PathSummary? path = null;
            foreach (var pair in outputs)
            {
                if (pair.Key is IParameterSymbol key && key.Ordinal == parameter.Ordinal
                    && SymbolEqualityComparer.Default.Equals(key.ContainingSymbol, parameter.ContainingSymbol))
                {
                    path = new PathSummary(pair.Value.Distance, pair.Value.Reset);
                }
            }

            paths.Add(path);
        }

        return new MethodSummary(paths.MoveToImmutable(), analysis._allMembers.OrderBy(l => l.SourceSpan.Start).ToImmutableArray(), analysis._firstActivationName);
    }

    private static Dictionary<ISymbol, SmallMap<Entry>> NewState() => new(SymbolEqualityComparer.Default);

    private static Dictionary<ISymbol, SmallMap<Entry>> Copy(Dictionary<ISymbol, SmallMap<Entry>> state) =>
        new(state, SymbolEqualityComparer.Default);

    private bool Exhausted => _budget <= 0;

    private List<SaturationFinding> Findings()
    {
        var findings = new List<SaturationFinding>(_loopFindings);
        foreach (var chain in _chains.Values.OrderBy(c => c.Call.Node.Syntax.SpanStart))
        {
            if (_reportedFirstCalls.Add(chain.Call.Node))
            {
                var members = _membersByFirst.TryGetValue(chain.Call.Node, out var set) ? set.OrderBy(l => l.SourceSpan.Start).ToImmutableArray() : chain.Call.Members;
                findings.Add(new SaturationFinding(chain.Call, chain.Depth, null, null, null, members));
            }
        }

        return findings;
    }

    // ---------------------------------------------------------------- statements

    private void Statement(IOperation? operation)
    {
        if (operation is null || Exhausted)
        {
            return;
        }

        _budget--;
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var child in block.Operations)
                {
                    Statement(child);
                }

                break;
            case IMethodBodyOperation methodBody:
                Statement(methodBody.BlockBody ?? methodBody.ExpressionBody);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null)
                        {
                            Write(declarator.Symbol, Eval(initializer.Value));
                        }
                    }
                }

                break;
            case IExpressionStatementOperation expression:
                Eval(expression.Operation);
                break;
            case IConditionalOperation conditional:
                Eval(conditional.Condition);
                Branches(conditional.WhenTrue, conditional.WhenFalse, IsSetting(conditional.Condition));
                break;
            case ILoopOperation loop:
                Loop(loop);
                break;
            case IReturnOperation @return:
                if (@return.ReturnedValue is not null)
                {
                    var value = Eval(@return.ReturnedValue);
                    _returned = Combine(_returned, value);
                }

                break;
            case ISwitchOperation @switch:
                Eval(@switch.Value);
                var setting = IsSetting(@switch.Value);
                var entry = _state;
                Dictionary<ISymbol, SmallMap<Entry>>? merged = null;
                foreach (var section in @switch.Cases)
                {
                    _state = Copy(entry);
                    foreach (var body in section.Body)
                    {
                        Statement(body);
                    }

                    merged = merged is null ? _state : Merge(merged, _state, setting);
                }

                // Without a default case, no case may run.
                var hasDefault = @switch.Cases.Any(c => c.Clauses.Any(clause => clause.CaseKind == CaseKind.Default));
                _state = merged is null ? entry : hasDefault ? merged : Merge(merged, entry, setting);
                break;
            case ITryOperation @try:
                Statement(@try.Body);
                Statement(@try.Finally);
                break;
            case IUsingOperation @using:
                Eval(@using.Resources);
                Statement(@using.Body);
                break;
            case ILockOperation @lock:
                Statement(@lock.Body);
                break;
            case ILabeledOperation labeled:
                Statement(labeled.Operation);
                break;
            case ILocalFunctionOperation:
            case IBranchOperation:
            case IEmptyOperation:
                break;
            default:
                Eval(operation);
                break;
        }
    }

    /// <summary>
    /// True when a condition selects a configuration (a setting, a mode, an enum, a layer index) rather than a piece of a
    /// piecewise function of the data: it reads no floating-point value.
    /// </summary>
    private static bool IsSetting(IOperation condition)
    {
        foreach (var node in condition.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IArrayElementReferenceOperation or IPropertyReferenceOperation
                && node.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
            {
                return false;
            }
        }

        return true;
    }

    private void Branches(IOperation? whenTrue, IOperation? whenFalse, bool setting)
    {
        var entry = _state;
        _state = Copy(entry);
        Statement(whenTrue);
        var afterTrue = _state;
        _state = Copy(entry);
        Statement(whenFalse);
        _state = Merge(afterTrue, _state, setting);
    }

    private void Loop(ILoopOperation loop)
    {
        IOperation? condition = null;
        ImmutableArray<IOperation> bottom = ImmutableArray<IOperation>.Empty;
        SmallMap<Entry>? element = null;
        ILocalSymbol? elementLocal = null;
        switch (loop)
        {
            case IForLoopOperation @for:
                foreach (var initializer in @for.Before)
                {
                    Statement(initializer);
                }

                condition = @for.Condition;
                bottom = @for.AtLoopBottom;
                break;
            case IForEachLoopOperation forEach:
                element = Eval(forEach.Collection);
                elementLocal = forEach.LoopControlVariable is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
                break;
            case IWhileLoopOperation @while:
                condition = @while.Condition;
                break;
        }

        void RunBody()
        {
            if (element is not null && elementLocal is not null)
            {
                Write(elementLocal, element);
            }

            if (condition is not null)
            {
                Eval(condition);
            }

            Statement(loop.Body);
            foreach (var operation in bottom)
            {
                Statement(operation);
            }
        }

        var counters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (loop is IForLoopOperation forLoop)
        {
            counters.UnionWith(forLoop.Locals);
        }

        var fullWrites = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        _loops.Push((loop, counters, fullWrites));
        try
        {
            LoopPasses(loop, RunBody, fullWrites);
        }
        finally
        {
            _loops.Pop();
        }
    }

    private void LoopPasses(ILoopOperation loop, Action RunBody, HashSet<ISymbol> fullWrites)
    {
        var tripCount = LoopFacts.TripCount(loop);
        if (tripCount is int small && small < _threshold)
        {
            // Few iterations: unrolling is exact, and chains that continue after the loop keep their depth.
            for (var i = 0; i < small; i++)
            {
                RunBody();
            }

            return;
        }

        var before = Copy(_state);
        var outerWritten = _written;
        _written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        RunBody();
        var afterOnePass = _state;
        var writtenInLoop = _written;
        _written = outerWritten;
        _written.UnionWith(writtenInLoop);

        if (_reporting && !Exhausted && LoopMaySaturate(loop))
        {
            CheckCarried(loop, tripCount, before, writtenInLoop, RunBody);
        }

        // Zero or more iterations: the distances after the loop are the smaller of "not run" and "run". A loop with a
        // constant trip count runs; a buffer written element by element at the loop's counter is wholly rewritten.
        _state = tripCount is > 0 ? afterOnePass : Merge(before, afterOnePass, setting: false);
        foreach (var buffer in fullWrites)
        {
            if (afterOnePass.TryGetValue(buffer, out var written))
            {
                _state[buffer] = written;
            }
        }
    }

    private void CheckCarried(ILoopOperation loop, int? tripCount, Dictionary<ISymbol, SmallMap<Entry>> before, HashSet<ISymbol> writtenInLoop, Action runBody)
    {
        var candidates = writtenInLoop
            .Where(symbol => !IsDeclaredInside(symbol, loop.Syntax))
            .OrderBy(symbol => symbol.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        // Every candidate gets a marker for its value at loop entry, and all are measured in the same passes: distances
        // are kept per source, so one marker's distance never depends on another's (the same result as one run per
        // candidate, at the cost of one).
        var passes = Math.Max(4, candidates.Count + 3);
        var savedState = _state;
        var savedWritten = _written;
        _reporting = false;
        try
        {
            var markers = candidates.Select(c => new LoopEntryMarker(c)).ToList();
            _markers = markers.ToDictionary(m => m, _ => new HashSet<Location>());
            _state = Copy(before);
            foreach (var marker in markers)
            {
                _state[marker.Symbol] = Empty.Add(marker, new Entry(0, null, false));
            }

            _written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var previous = new int[markers.Count];
            var current = new int[markers.Count];
            var first = new SaturatingCall?[markers.Count];
            for (var k = 0; k < markers.Count; k++)
            {
                current[k] = Unreachable;
            }

            for (var pass = 0; pass < passes && !Exhausted; pass++)
            {
                runBody();
                for (var k = 0; k < markers.Count; k++)
                {
                    previous[k] = current[k];
                    current[k] = Unreachable;
                    if (_state.TryGetValue(markers[k].Symbol, out var value) && value.TryGetValue(markers[k], out var entry))
                    {
                        current[k] = entry.Distance;
                        first[k] ??= entry.First;
                    }
                }
            }

            if (Exhausted)
            {
                return;
            }

            for (var k = 0; k < markers.Count; k++)
            {
                if (current[k] != Unreachable && previous[k] != Unreachable && current[k] > previous[k] && first[k] is { } firstCall)
                {
                    if (_reportedLoops.Add(loop) && _reportedFirstCalls.Add(firstCall.Node))
                    {
                        var found = _markers[markers[k]];
                        var members = found.Count > 0 ? found.OrderBy(l => l.SourceSpan.Start).ToImmutableArray() : firstCall.Members;
                        _loopFindings.Add(new SaturationFinding(firstCall, current[k] - previous[k], loop, tripCount, candidates[k], members));
                    }

                    return;
                }
            }
        }
        finally
        {
            _reporting = true;
            _markers = null;
            _state = savedState;
            _written = savedWritten;
        }
    }

    /// <summary>
    /// True when the loop contains something that can lengthen a path: a saturating activation, a delegate invocation
    /// or a call to a method of the compilation whose summary saturates. A loop without one cannot carry a growing stack,
    /// so its body is run only for the values it writes (most inner loops of a layer: sums, copies, ReLU).
    /// </summary>
    private bool LoopMaySaturate(ILoopOperation loop)
    {
        if (!_loopMaySaturate.TryGetValue(loop, out var result))
        {
            result = false;
            foreach (var operation in loop.Body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation
                    && (invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
                        || ActivationMatcher.TryMatchSaturating(invocation, _symbols, out _)
                        || (invocation.TargetMethod.DeclaringSyntaxReferences.Length > 0 && _context.Summary(invocation.TargetMethod) is { MaxDistance: > 0 })))
                {
                    result = true;
                    break;
                }

                if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division && ActivationMatcher.TryMatchSaturating(division, _symbols, out _))
                {
                    result = true;
                    break;
                }
            }

            _loopMaySaturate[loop] = result;
        }

        return result;
    }

    private static bool IsDeclaredInside(ISymbol symbol, SyntaxNode loopSyntax)
    {
        if (symbol is not ILocalSymbol)
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == loopSyntax.SyntaxTree && loopSyntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- expressions

    private SmallMap<Entry> Eval(IOperation? operation)
    {
        if (operation is null || Exhausted)
        {
            return Empty;
        }

        _budget--;
        if (operation.ConstantValue.HasValue)
        {
            return Empty;
        }

        if (ActivationMatcher.TryMatchSaturating(operation, _symbols, out var call))
        {
            var applied = Saturate(Eval(call.Input), call);
            if (call.SpanOutput is not null)
            {
                Eval(call.SpanOutput);
                if (RootSymbol(call.SpanOutput) is { } output)
                {
                    Write(output, applied);
                }

                CheckChain(applied);
                return Empty;
            }

            CheckChain(applied);
            return applied;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Eval(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Eval(parenthesized.Operand);
            case ILocalReferenceOperation local:
                return local.IsDeclaration || IsInert(local.Type) ? Empty : Read(local.Local);
            case IParameterReferenceOperation parameter:
                return IsInert(parameter.Type) ? Empty : Read(parameter.Parameter);
            case IFieldReferenceOperation field:
                return IsInert(field.Type) ? Empty : Read(field.Field);
            case IPropertyReferenceOperation property:
                if (IsInert(property.Type))
                {
                    return Empty;
                }

                return property.Instance is not null ? Eval(property.Instance) : Read(property.Property);
            case IArrayElementReferenceOperation element:
                return IsInert(element.Type) ? Empty : Eval(element.ArrayReference);
            case IBinaryOperation binary:
                var left = Eval(binary.LeftOperand);
                var right = Eval(binary.RightOperand);
                return IsInert(binary.Type) ? Empty : Combine(left, right);
            case IUnaryOperation unary:
                return Eval(unary.Operand);
            case IConditionalOperation conditional:
                Eval(conditional.Condition);
                return Join(Eval(conditional.WhenTrue), Eval(conditional.WhenFalse), IsSetting(conditional.Condition));
            case ISwitchExpressionOperation switchExpression:
                Eval(switchExpression.Value);
                var setting = IsSetting(switchExpression.Value);
                SmallMap<Entry>? arms = null;
                foreach (var arm in switchExpression.Arms)
                {
                    var armValue = Eval(arm.Value);
                    arms = arms is null ? armValue : Join(arms, armValue, setting);
                }

                return arms ?? Empty;
            case ISimpleAssignmentOperation assignment:
                var assigned = Eval(assignment.Value);
                Assign(assignment.Target, assigned);
                return assigned;
            case ICompoundAssignmentOperation compound:
                var combined = Combine(Eval(compound.Target), Eval(compound.Value));
                Assign(compound.Target, combined);
                return combined;
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case IDeclarationExpressionOperation:
            case IAnonymousFunctionOperation:
            case IDelegateCreationOperation:
            case ILocalFunctionOperation:
            case ILiteralOperation:
            case IIncrementOrDecrementOperation:
                return Empty;
            default:
                var result = Empty;
                foreach (var child in operation.ChildOperations)
                {
                    result = Combine(result, Eval(child));
                }

                return IsInert(operation.Type) ? Empty : result;
        }
    }

    private SmallMap<Entry> Invocation(IInvocationOperation invocation)
    {
        var inputs = new List<(IArgumentOperation? Argument, SmallMap<Entry> Value)>();
        if (invocation.Instance is not null)
        {
            inputs.Add((null, Eval(invocation.Instance)));
        }

        foreach (var argument in invocation.Arguments)
        {
            inputs.Add((argument, argument.Parameter?.RefKind == RefKind.Out ? Empty : Eval(argument.Value)));
        }

        var method = invocation.TargetMethod;
        if (ActivationMatcher.IsNormalization(invocation, _symbols))
        {
            // The normalized output restarts every chain: pre-activations come back to mean 0, variance 1 (LayerNorm keeps
            // the path it restarted, which a sigmoid applied next continues).
            var layerNorm = method.Name == "LayerNorm";
            var normalized = Empty;
            foreach (var input in inputs)
            {
                if (input.Argument?.Parameter is { } parameter && !_symbols.IsWritableSpan(parameter.Type))
                {
                    normalized = Combine(normalized, Reset(input.Value, layerNorm));
                }
            }

            WriteOutputs(invocation, normalized);
            return Empty;
        }

        if (method.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is not null
            && _context.Selectable(invocation.Instance, _root) is { } selected && selected.Depth > 0)
        {
            var call = new SaturatingCall(invocation, selected.Description, ActivationForm.Selected, null, null, selected.Depth, selected.Members);
            var all = Empty;
            foreach (var input in inputs)
            {
                if (input.Argument is not null)
                {
                    all = Combine(all, input.Value);
                }
            }

            var applied = Saturate(all, call);
            CheckChain(applied);
            return applied;
        }

        if (method.MethodKind != MethodKind.DelegateInvoke && _context.Summary(method) is { } summary)
        {
            var output = Empty;
            SaturatingCall? helper = null;
            foreach (var input in inputs)
            {
                if (input.Argument?.Parameter is not { } parameter || parameter.Ordinal >= summary.Parameters.Length
                    || summary.Parameters[parameter.Ordinal] is not { } path)
                {
                    continue;
                }

                if (path.Distance > 0 && helper is null)
                {
                    helper = new SaturatingCall(invocation, "'" + method.Name + "' (" + (summary.Activation ?? "a saturating activation") + ")", ActivationForm.Helper, null, null, path.Distance, summary.Members);
                }

                output = Combine(output, Through(input.Value, path, path.Distance > 0 ? helper : null));
            }

            WriteOutputs(invocation, output);
            if (helper is not null)
            {
                CheckChain(output);
                NoteMembers(output, helper);
            }

            return IsInert(invocation.Type) ? Empty : output;
        }

        var everything = Empty;
        foreach (var input in inputs)
        {
            everything = Combine(everything, input.Value);
        }

        // Arguments the callee writes (ref/out, Span<T>) take the combination of everything else it was given.
        foreach (var input in inputs)
        {
            var argument = input.Argument;
            if (argument?.Parameter is not { } parameter)
            {
                continue;
            }

            var writes = parameter.RefKind is RefKind.Out or RefKind.Ref || _symbols.IsWritableSpan(parameter.Type);
            if (!writes || RootSymbol(argument.Value) is not { } target)
            {
                continue;
            }

            var others = Empty;
            foreach (var other in inputs)
            {
                if (!ReferenceEquals(other.Argument, argument) || parameter.RefKind == RefKind.Ref)
                {
                    others = Combine(others, other.Value);
                }
            }

            Write(target, others);
        }

        return IsInert(invocation.Type) ? Empty : everything;
    }

    /// <summary>Writes <paramref name="value"/> to every ref/out and <c>Span&lt;T&gt;</c> argument of the call.</summary>
    private void WriteOutputs(IInvocationOperation invocation, SmallMap<Entry> value)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && (parameter.RefKind is RefKind.Out or RefKind.Ref || _symbols.IsWritableSpan(parameter.Type))
                && RootSymbol(argument.Value) is { } target)
            {
                Write(target, value);
            }
        }
    }

    private void Assign(IOperation target, SmallMap<Entry> value)
    {
        target = ActivationMatcher.StripConversions(target);
        switch (target)
        {
            case ILocalReferenceOperation local:
                Write(local.Local, value);
                break;
            case IParameterReferenceOperation parameter:
                Write(parameter.Parameter, value);
                break;
            case IFieldReferenceOperation field:
                Write(field.Field, value);
                break;
            default:
                // An element write changes part of a buffer: the buffer keeps its other elements' paths, unless the index
                // is the counter of the loop being run (y[i] = ... over i rewrites the whole buffer, one element per pass).
                if (RootSymbol(target) is { } root)
                {
                    if (_loops.Count > 0 && IndexedByCounter(target, _loops.Peek().Counters))
                    {
                        _loops.Peek().FullWrites.Add(root);
                        Write(root, value);
                    }
                    else
                    {
                        Write(root, Combine(Read(root), value));
                    }
                }

                break;
        }
    }

    private static bool IndexedByCounter(IOperation target, HashSet<ISymbol> counters)
    {
        var index = target switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } element => element.Indices[0],
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => indexer.Arguments[0].Value,
            _ => null,
        };
        return index is not null && ActivationMatcher.StripConversions(index) is ILocalReferenceOperation local && counters.Contains(local.Local);
    }

    /// <summary>The variable behind <c>h</c>, <c>h[i]</c>, <c>h.AsSpan()</c>, <c>h.Slice(..)</c>, <c>out var h</c>.</summary>
    internal static ISymbol? RootSymbol(IOperation operation)
    {
        while (true)
        {
            operation = ActivationMatcher.StripConversions(operation);
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                case IPropertyReferenceOperation { Instance: not null } property when property.Property.IsIndexer:
                    operation = property.Instance;
                    continue;
                case IDeclarationExpressionOperation declaration:
                    operation = declaration.Expression;
                    continue;
                case IInvocationOperation invocation when invocation.TargetMethod.Name is "AsSpan" or "Slice" or "AsMemory":
                    var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    if (source is null)
                    {
                        return null;
                    }

                    operation = source;
                    continue;
                default:
                    return null;
            }
        }
    }

    private SmallMap<Entry> Read(ISymbol symbol) =>
        _state.TryGetValue(symbol, out var value) ? value : Empty.Add(symbol, new Entry(0, null, false));

    private void Write(ISymbol symbol, SmallMap<Entry> value)
    {
        _state[symbol] = value;
        _written.Add(symbol);
    }

    private void CheckChain(SmallMap<Entry> value)
    {
        if (!_reporting)
        {
            return;
        }

        // The stack's depth is that of its deepest source; every source shares the chain's first call for one report per stack.
        Entry? deepest = null;
        foreach (var entry in value.Values)
        {
            if (entry.First is null)
            {
                continue;
            }

            if (deepest is null
                || entry.Distance > deepest.Value.Distance
                || (entry.Distance == deepest.Value.Distance && entry.First.Node.Syntax.SpanStart < deepest.Value.First!.Node.Syntax.SpanStart))
            {
                deepest = entry;
            }
        }

        // A helper deep enough on its own is reported in its own body; its callers report only what they add to it.
        if (deepest is { } found && found.Distance >= _threshold && !(found.First!.Form is ActivationForm.Helper or ActivationForm.Selected && found.Distance <= found.First.Depth))
        {
            var first = found.First!;
            if (!_chains.TryGetValue(first.Node, out var known) || known.Depth < found.Distance)
            {
                _chains[first.Node] = (first, found.Distance);
            }
        }
    }

    private SmallMap<Entry> Saturate(SmallMap<Entry> input, SaturatingCall call)
    {
        _firstActivationName ??= call.Form == ActivationForm.Helper && call.Name.IndexOf('(') is var open and > 0
            ? call.Name.Substring(open + 1, call.Name.Length - open - 2)
            : call.Name;
        _allMembers.UnionWith(call.Members);
        NoteMarkers(input, call);

        var sigmoid = IsSigmoid(call.Name, call.Form);
        var builder = Empty.ToBuilder();
        foreach (var pair in input)
        {
            var entry = pair.Value;
            builder[pair.Key] = sigmoid && entry.NormDistance >= 0
                ? new Entry(entry.NormDistance == Unreachable ? Unreachable : entry.NormDistance + call.Depth, entry.NormFirst ?? call, entry.NormReset)
                : new Entry(entry.Distance == Unreachable ? Unreachable : entry.Distance + call.Depth, entry.First ?? call, entry.Reset);
        }

        var result = builder.ToImmutable();
        NoteMembers(result, call);
        return result;
    }

    /// <summary>While measuring loop-carried growth: <paramref name="call"/> belongs to the stack of each marker it is applied to.</summary>
    private void NoteMarkers(SmallMap<Entry> value, SaturatingCall call)
    {
        if (_markers is null)
        {
            return;
        }

        foreach (var pair in _markers)
        {
            if (value.ContainsKey(pair.Key))
            {
                pair.Value.UnionWith(call.Members);
            }
        }
    }

    /// <summary>Remembers that <paramref name="call"/> belongs to the stacks its output continues (what a fix rewrites).</summary>
    private void NoteMembers(SmallMap<Entry> output, SaturatingCall call)
    {
        NoteMarkers(output, call);

        if (!_reporting)
        {
            return;
        }

        foreach (var entry in output.Values)
        {
            if (entry.First is null)
            {
                continue;
            }

            if (!_membersByFirst.TryGetValue(entry.First.Node, out var members))
            {
                _membersByFirst[entry.First.Node] = members = new HashSet<Location>();
            }

            members.UnionWith(call.Members);
        }
    }

    /// <summary>The sigmoid family (logistic): the activation LayerNorm does not cure.</summary>
    internal static bool IsSigmoid(string name, ActivationForm form) =>
        form == ActivationForm.Logistic || name.IndexOf("Sigmoid", StringComparison.Ordinal) >= 0 || name.IndexOf("logistic", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>The value a helper's output takes from one argument, given the summary of that parameter's path.</summary>
    private static SmallMap<Entry> Through(SmallMap<Entry> input, PathSummary path, SaturatingCall? helper)
    {
        if (path.Distance == 0 && !path.Reset)
        {
            return input;
        }

        var sigmoid = helper is not null && IsSigmoid(helper.Name, helper.Form);
        var builder = Empty.ToBuilder();
        foreach (var pair in input)
        {
            var entry = pair.Value;
            builder[pair.Key] = path.Reset
                ? new Entry(path.Distance, path.Distance > 0 ? helper : null, true)
                : sigmoid && entry.NormDistance >= 0
                    ? new Entry(entry.NormDistance + path.Distance, entry.NormFirst ?? helper, entry.NormReset)
                    : new Entry(entry.Distance + path.Distance, entry.First ?? helper, entry.Reset);
        }

        return builder.ToImmutable();
    }

    private static SmallMap<Entry> Reset(SmallMap<Entry> input, bool layerNorm)
    {
        var builder = Empty.ToBuilder();
        foreach (var pair in input)
        {
            var entry = pair.Value;
            builder[pair.Key] = layerNorm ? new Entry(0, null, true, entry.Distance, entry.First, entry.Reset) : new Entry(0, null, true);
        }

        return builder.ToImmutable();
    }

    /// <summary>Two paths that both exist (a sum, a merge of data-dependent branches): the shorter one carries the gradient.</summary>
    private static SmallMap<Entry> Combine(SmallMap<Entry> left, SmallMap<Entry> right)
    {
        if (left.IsEmpty)
        {
            return right;
        }

        if (right.IsEmpty || ReferenceEquals(left, right))
        {
            return left;
        }

        var builder = left.ToBuilder();
        foreach (var pair in right)
        {
            if (!builder.TryGetValue(pair.Key, out var existing) || pair.Value.Distance < existing.Distance)
            {
                builder[pair.Key] = pair.Value;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Two alternatives: a setting picks one of them, so the longer one is what some configuration gets.</summary>
    private static SmallMap<Entry> Join(SmallMap<Entry> left, SmallMap<Entry> right, bool setting)
    {
        if (!setting)
        {
            return Combine(left, right);
        }

        if (left.IsEmpty)
        {
            return right;
        }

        if (right.IsEmpty || ReferenceEquals(left, right))
        {
            return left;
        }

        var builder = left.ToBuilder();
        foreach (var pair in right)
        {
            if (!builder.TryGetValue(pair.Key, out var existing) || pair.Value.Distance > existing.Distance)
            {
                builder[pair.Key] = pair.Value;
            }
        }

        return builder.ToImmutable();
    }

    private Dictionary<ISymbol, SmallMap<Entry>> Merge(
        Dictionary<ISymbol, SmallMap<Entry>> first,
        Dictionary<ISymbol, SmallMap<Entry>> second,
        bool setting)
    {
        var merged = NewState();
        foreach (var pair in first)
        {
            merged[pair.Key] = second.TryGetValue(pair.Key, out var other)
                ? Join(pair.Value, other, setting)
                : Join(pair.Value, Empty.Add(pair.Key, new Entry(0, null, false)), setting);
        }

        foreach (var pair in second)
        {
            if (!merged.ContainsKey(pair.Key))
            {
                merged[pair.Key] = Join(pair.Value, Empty.Add(pair.Key, new Entry(0, null, false)), setting);
            }
        }

        return merged;
    }

    /// <summary>Types whose values carry no gradient: integers, booleans, characters, strings, enums.</summary>
    private static bool IsInert(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_String:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Void:
                return true;
            default:
                return type.TypeKind == TypeKind.Enum;
        }
    }

    /// <summary>A path length (number of saturating activations crossed), the first activation on that path, and whether a normalization restarted it.</summary>
    private readonly struct Entry
    {
        public Entry(int distance, SaturatingCall? first, bool reset, int normDistance = -1, SaturatingCall? normFirst = null, bool normReset = false)
        {
            Distance = distance;
            First = first;
            Reset = reset;
            NormDistance = normDistance;
            NormFirst = normFirst;
            NormReset = normReset;
        }

        public int Distance { get; }

        public SaturatingCall? First { get; }

        public bool Reset { get; }

        /// <summary>
        /// Right after a LayerNorm: the path as it was before it (distance, first call, reset), or -1. A sigmoid applied
        /// next continues that path: LayerNorm centres each sample across units, but sigmoid's outputs are not centred,
        /// so the next layer's pre-activations carry a constant part that LayerNorm divides out together with the signal
        /// (measured: 0.46 per layer, against 0.79 for LayerNorm + tanh; BatchNorm centres over the batch and cures both).
        /// </summary>
        public int NormDistance { get; }

        public SaturatingCall? NormFirst { get; }

        public bool NormReset { get; }
    }

    /// <summary>Stands for a loop-carried variable's value at loop entry when measuring its growth per iteration.</summary>
    private sealed class LoopEntryMarker
    {
        public LoopEntryMarker(ISymbol symbol) => Symbol = symbol;

        public ISymbol Symbol { get; }
    }
}
